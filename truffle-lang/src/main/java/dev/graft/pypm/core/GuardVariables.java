package dev.graft.pypm.core;

import java.util.ArrayList;
import java.util.List;

/** The variables a guard speaks of, in order of appearance. */
final class GuardVariables {
    private GuardVariables() {
    }

    /** Term variables named by {@code opof}, {@code attr} and {@code arity}. */
    static List<String> termVariables(Guard g) {
        List<String> out = new ArrayList<>();
        collect(g, out, false);
        return out;
    }

    /** Function variables named by {@code fname}. */
    static List<String> functionVariables(Guard g) {
        List<String> out = new ArrayList<>();
        collect(g, out, true);
        return out;
    }

    private static void collect(Guard g, List<String> out, boolean functions) {
        switch (g) {
            case Guard.Bool b -> { }
            case Guard.Int i -> { }
            case Guard.Str s -> { }
            case Guard.ListOf l -> l.elements().forEach(e -> collect(e, out, functions));
            case Guard.OpOf o -> addIf(!functions, o.var(), out);
            case Guard.AttrOf a -> addIf(!functions, a.var(), out);
            case Guard.ArityOf a -> addIf(!functions, a.var(), out);
            case Guard.FunName f -> addIf(functions, f.funVar(), out);
            case Guard.Len l -> collect(l.list(), out, functions);
            case Guard.Index i -> {
                collect(i.list(), out, functions);
                collect(i.index(), out, functions);
            }
            case Guard.Binary b -> {
                collect(b.left(), out, functions);
                collect(b.right(), out, functions);
            }
            case Guard.And a -> {
                collect(a.left(), out, functions);
                collect(a.right(), out, functions);
            }
            case Guard.Or o -> {
                collect(o.left(), out, functions);
                collect(o.right(), out, functions);
            }
            case Guard.Not n -> collect(n.operand(), out, functions);
        }
    }

    private static void addIf(boolean wanted, String name, List<String> out) {
        if (wanted) {
            out.add(name);
        }
    }
}
