package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.List;
import java.util.function.Consumer;

/** Walks over patterns in wire form that several checks share. */
final class Patterns {
    private Patterns() {
    }

    /** The sub-patterns of a pattern form (not its names, not its guard). */
    static List<Sx> children(Sx p) {
        if (!(p instanceof Sx.Lst l)) {
            return List.of();
        }
        return switch (l.head()) {
            case "op", "fvar", "call" -> l.items().subList(2, l.size());
            case "alt", "and" -> l.items().subList(1, 3);
            case "guard" -> List.of(l.get(1));
            case "exists", "existsf" -> List.of(l.get(2));
            default -> List.of();
        };
    }

    /** Every call form in the pattern, arguments included, outermost first. */
    static void calls(Sx p, Consumer<Sx.Lst> visit) {
        if (p instanceof Sx.Lst l && "call".equals(l.head())) {
            visit.accept(l);
        }
        children(p).forEach(c -> calls(c, visit));
    }

    /** How many times the term variable occurs free, as {@code (var x)} or in a guard. */
    static int freeOccurrences(Sx p, String x) {
        return occurrences(p, x, true);
    }

    /** How many times a guard reads the term variable where no exists shadows it. */
    static int guardReads(Sx p, String x) {
        return occurrences(p, x, false);
    }

    private static int occurrences(Sx p, String x, boolean countVars) {
        if (!(p instanceof Sx.Lst l)) {
            return 0;
        }
        return switch (l.head()) {
            case "var" -> countVars && ((Sx.Atom) l.get(1)).text().equals(x) ? 1 : 0;
            case "exists" -> ((Sx.Atom) l.get(1)).text().equals(x) ? 0 : occurrences(l.get(2), x, countVars);
            case "guard" -> occurrences(l.get(1), x, countVars) + guardOccurrences(l.get(2), x, "opof", "attr", "arity");
            default -> children(p).stream().mapToInt(c -> occurrences(c, x, countVars)).sum();
        };
    }

    static int guardOccurrences(Sx g, String name, String... readers) {
        if (!(g instanceof Sx.Lst l) || l.head() == null) {
            return 0;
        }
        if (List.of(readers).contains(l.head())) {
            return ((Sx.Atom) l.get(1)).text().equals(name) ? 1 : 0;
        }
        return l.items().subList(1, l.size()).stream().mapToInt(c -> guardOccurrences(c, name, readers)).sum();
    }
}
