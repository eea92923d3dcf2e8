package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The free term and function variables of patterns, and whether they contain a
 * call, remembered per pattern object. Call-by-name substitution puts the same
 * argument object into a body once per use, so after a few unfoldings an
 * argument is a DAG whose tree is exponentially large; remembering by identity
 * keeps the work linear in the objects.
 */
final class FreeNames {
    /** What one pattern object mentions freely. */
    record Info(Set<String> terms, Set<String> functions, boolean hasCall) {
    }

    private final Map<Sx, Info> known = new IdentityHashMap<>();

    Info of(Sx p) {
        Info info = known.get(p);
        if (info == null) {
            info = compute(p);
            known.put(p, info);
        }
        return info;
    }

    private Info compute(Sx p) {
        Set<String> terms = new HashSet<>();
        Set<String> functions = new HashSet<>();
        boolean hasCall = false;
        if (p instanceof Sx.Lst l) {
            switch (l.head()) {
                case "var" -> terms.add(name(l));
                case "fvar" -> functions.add(name(l));
                case "call" -> hasCall = true;
                case "guard" -> guardReads(l.get(2), terms, functions);
                default -> {
                }
            }
            for (Sx child : Patterns.children(p)) {
                Info c = of(child);
                terms.addAll(c.terms());
                functions.addAll(c.functions());
                hasCall |= c.hasCall();
            }
            if ("exists".equals(l.head())) {
                terms.remove(name(l));
            } else if ("existsf".equals(l.head())) {
                functions.remove(name(l));
            }
        }
        return new Info(Set.copyOf(terms), Set.copyOf(functions), hasCall);
    }

    private static void guardReads(Sx g, Set<String> terms, Set<String> functions) {
        if (!(g instanceof Sx.Lst l) || l.head() == null) {
            return;
        }
        switch (l.head()) {
            case "opof", "attr", "arity" -> terms.add(name(l));
            case "fname" -> functions.add(name(l));
            default -> l.items().subList(1, l.size()).forEach(c -> guardReads(c, terms, functions));
        }
    }

    private static String name(Sx.Lst l) {
        return ((Sx.Atom) l.get(1)).text();
    }
}
