package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unfolds a call (CORE-SPEC section 2): the body with each parameter replaced by
 * its argument pattern, call-by-name. Every exists-bound name of the body is
 * renamed to a fresh one containing {@code #}, which no identifier can, so no
 * argument can be captured; the tracer reports the unfoldings where that
 * renaming was needed.
 */
final class Unfolder {
    private final Tracer tracer;
    private final FreeNames freeNames = new FreeNames();
    private long fresh;

    Unfolder(Tracer tracer) {
        this.tracer = tracer;
    }

    Sx unfold(Definition d, List<Sx> args) {
        Map<String, Sx> terms = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String param = d.params().get(i);
            terms.put(param, args.get(i));
            int uses = Patterns.freeOccurrences(d.body(), param);
            if (uses == 0) {
                tracer.hit(Clause.CALL_ARGUMENT_UNUSED);
            } else if (uses > 1) {
                tracer.hit(Clause.CALL_ARGUMENT_TWICE);
            }
            if (freeNames.of(args.get(i)).hasCall()) {
                tracer.hit(Clause.CALL_IN_ARGUMENT);
            }
        }
        if (capturesWithoutRenaming(d.body(), terms, Set.of(), Set.of())) {
            tracer.hit(Clause.CALL_RENAMES_APART);
        }
        return substitute(d.body(), terms, new HashMap<>());
    }

    /**
     * Whether some parameter occurrence sits under an exists binding a name that is
     * free in the argument passed for it: without renaming, the local would capture it.
     */
    private boolean capturesWithoutRenaming(Sx p, Map<String, Sx> params, Set<String> binders,
                                                   Set<String> functionBinders) {
        if (!(p instanceof Sx.Lst l)) {
            return false;
        }
        switch (l.head()) {
            case "var" -> {
                Sx arg = params.get(((Sx.Atom) l.get(1)).text());
                if (arg == null) {
                    return false;
                }
                FreeNames.Info free = freeNames.of(arg);
                return binders.stream().anyMatch(free.terms()::contains)
                        || functionBinders.stream().anyMatch(free.functions()::contains);
            }
            case "exists" -> {
                String name = ((Sx.Atom) l.get(1)).text();
                Map<String, Sx> inner = new HashMap<>(params);
                inner.remove(name);
                Set<String> innerBinders = new HashSet<>(binders);
                innerBinders.add(name);
                return capturesWithoutRenaming(l.get(2), inner, innerBinders, functionBinders);
            }
            case "existsf" -> {
                Set<String> inner = new HashSet<>(functionBinders);
                inner.add(((Sx.Atom) l.get(1)).text());
                return capturesWithoutRenaming(l.get(2), params, binders, inner);
            }
            case "guard" -> {
                for (var e : params.entrySet()) {
                    if (Patterns.guardOccurrences(l.get(2), e.getKey(), "opof", "attr", "arity") > 0
                            && binders.stream().anyMatch(freeNames.of(e.getValue()).terms()::contains)) {
                        return true;
                    }
                }
                return capturesWithoutRenaming(l.get(1), params, binders, functionBinders);
            }
            default -> {
                return Patterns.children(p).stream()
                        .anyMatch(c -> capturesWithoutRenaming(c, params, binders, functionBinders));
            }
        }
    }

    private Sx substitute(Sx p, Map<String, Sx> terms, Map<String, String> functions) {
        if (!(p instanceof Sx.Lst l)) {
            return p;
        }
        List<Sx> out = new ArrayList<>(l.items());
        switch (l.head()) {
            case "var" -> {
                return terms.getOrDefault(((Sx.Atom) l.get(1)).text(), p);
            }
            case "exists", "existsf" -> {
                String name = ((Sx.Atom) l.get(1)).text();
                String renamed = name + "#" + (++fresh);
                out.set(1, Sx.atom(renamed));
                if ("exists".equals(l.head())) {
                    Map<String, Sx> inner = new HashMap<>(terms);
                    inner.put(name, Sx.list(Sx.atom("var"), Sx.atom(renamed)));
                    out.set(2, substitute(l.get(2), inner, functions));
                } else {
                    Map<String, String> inner = new HashMap<>(functions);
                    inner.put(name, renamed);
                    out.set(2, substitute(l.get(2), terms, inner));
                }
                return Sx.list(out);
            }
            case "fvar" -> out.set(1, Sx.atom(functions.getOrDefault(((Sx.Atom) l.get(1)).text(),
                    ((Sx.Atom) l.get(1)).text())));
            case "guard" -> out.set(2, renameGuard(l.get(2), terms, functions));
            default -> {
            }
        }
        int first = "alt".equals(l.head()) || "and".equals(l.head()) || "guard".equals(l.head()) ? 1 : 2;
        int last = "guard".equals(l.head()) ? 2 : l.size();
        for (int i = first; i < last; i++) {
            out.set(i, substitute(l.get(i), terms, functions));
        }
        return Sx.list(out);
    }

    /** A guard speaks of variables by name: a guard-used parameter becomes the variable passed for it. */
    private static Sx renameGuard(Sx g, Map<String, Sx> terms, Map<String, String> functions) {
        if (!(g instanceof Sx.Lst l) || l.head() == null) {
            return g;
        }
        List<Sx> out = new ArrayList<>(l.items());
        switch (l.head()) {
            case "opof", "attr", "arity" -> {
                if (terms.get(((Sx.Atom) l.get(1)).text()) instanceof Sx.Lst v && "var".equals(v.head())) {
                    out.set(1, v.get(1));
                }
            }
            case "fname" -> out.set(1, Sx.atom(functions.getOrDefault(((Sx.Atom) l.get(1)).text(),
                    ((Sx.Atom) l.get(1)).text())));
            default -> {
                for (int i = 1; i < l.size(); i++) {
                    out.set(i, renameGuard(l.get(i), terms, functions));
                }
            }
        }
        return Sx.list(out);
    }
}
