package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A substitution (CORE-SPEC section 3): term variables to terms, function
 * variables to op names. Immutable; every update copies, which is cheap at the
 * sizes the generator makes. Both maps iterate in name order, the order of the
 * answer (identifiers are ASCII, so UTF-16 order is code-point order).
 */
record Subst(Map<String, Sx> terms, Map<String, String> functions) {
    static final Subst EMPTY = new Subst(new TreeMap<>(), new TreeMap<>());

    Sx term(String x) {
        return terms.get(x);
    }

    String function(String f) {
        return functions.get(f);
    }

    Subst withTerm(String x, Sx t) {
        TreeMap<String, Sx> copy = new TreeMap<>(terms);
        if (t == null) {
            copy.remove(x);
        } else {
            copy.put(x, t);
        }
        return new Subst(copy, functions);
    }

    Subst withFunction(String f, String op) {
        TreeMap<String, String> copy = new TreeMap<>(functions);
        if (op == null) {
            copy.remove(f);
        } else {
            copy.put(f, op);
        }
        return new Subst(terms, copy);
    }

    /** The wire form {@code ((x term) ... (?F "name") ...)}. */
    String toWire() {
        return Stream.concat(
                terms.entrySet().stream().map(e -> "(" + e.getKey() + " " + e.getValue() + ")"),
                functions.entrySet().stream().map(e -> "(?" + e.getKey() + " " + Sx.str(e.getValue()) + ")"))
                .collect(Collectors.joining(" ", "(", ")"));
    }
}
