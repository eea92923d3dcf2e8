package dev.graft.pypm.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parameters of each definition are guard-used (CORE-SPEC section 2): named by a
 * guard of the body where no {@code exists} shadows them, or passed as a bare variable
 * to a guard-used parameter of another call; the transitive closure over all definitions.
 * Assumes every call names a known definition with the right number of arguments.
 */
final class GuardUse {
    private final Map<String, Definition> byName;
    private final Map<String, boolean[]> used = new HashMap<>();

    private GuardUse(Map<String, Definition> byName) {
        this.byName = byName;
    }

    /** For each definition, a flag per parameter. */
    static Map<String, boolean[]> of(Map<String, Definition> byName) {
        GuardUse closure = new GuardUse(byName);
        for (Definition d : byName.values()) {
            closure.used.put(d.name(), new boolean[d.params().size()]);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Definition d : byName.values()) {
                changed |= closure.update(d);
            }
        }
        return closure.used;
    }

    private boolean update(Definition d) {
        boolean[] flags = used.get(d.name());
        Set<String> named = new HashSet<>();
        collect(d.body(), new HashSet<>(d.params()), named);
        boolean changed = false;
        for (int i = 0; i < flags.length; i++) {
            if (!flags[i] && named.contains(d.params().get(i))) {
                flags[i] = true;
                changed = true;
            }
        }
        return changed;
    }

    /** Adds to {@code named} the parameters (still in {@code visible}) that p uses in a guard position. */
    private void collect(Pattern p, Set<String> visible, Set<String> named) {
        switch (p) {
            case Pattern.Wildcard w -> { }
            case Pattern.Var v -> { }
            case Pattern.OpPattern o -> o.args().forEach(a -> collect(a, visible, named));
            case Pattern.FunVar f -> f.args().forEach(a -> collect(a, visible, named));
            case Pattern.Alt a -> {
                collect(a.left(), visible, named);
                collect(a.right(), visible, named);
            }
            case Pattern.And a -> {
                collect(a.left(), visible, named);
                collect(a.right(), visible, named);
            }
            case Pattern.Guarded g -> {
                collect(g.pattern(), visible, named);
                for (String x : GuardVariables.termVariables(g.guard())) {
                    if (visible.contains(x)) {
                        named.add(x);
                    }
                }
            }
            case Pattern.Exists e -> {
                Set<String> inner = new HashSet<>(visible);
                inner.remove(e.var());
                collect(e.body(), inner, named);
            }
            case Pattern.ExistsFun e -> collect(e.body(), visible, named);
            case Pattern.Call c -> {
                boolean[] callee = used.get(c.definition());
                List<Pattern> args = c.args();
                for (int i = 0; i < args.size(); i++) {
                    if (callee[i] && args.get(i) instanceof Pattern.Var v && visible.contains(v.name())) {
                        named.add(v.name());
                    }
                    collect(args.get(i), visible, named);
                }
            }
        }
    }
}
