package dev.graft.conformance.gen;

import java.util.ArrayList;
import java.util.List;

/**
 * What a pattern being generated may mention: the term variables it may match
 * with, those a guard may read, the function variables in scope, and the
 * definitions it may call. In a definition body the parameters are matchable but
 * not guardable: a guard on a parameter would make it guard-used, and the
 * generator keeps every random definition free of guard-used parameters so that
 * any argument may be passed to it.
 */
record Scope(List<String> terms, List<String> guardable, List<String> functions, List<Callee> callees,
             boolean inBody) {

    static final List<String> QUERY_TERMS = List.of("x", "y", "z", "w");
    static final List<String> QUERY_FUNCTIONS = List.of("F", "G");

    static Scope query(List<Callee> callees) {
        return new Scope(QUERY_TERMS, QUERY_TERMS, QUERY_FUNCTIONS, callees, false);
    }

    static Scope body(List<String> params, List<Callee> callees) {
        return new Scope(params, List.of(), List.of(), callees, true);
    }

    /** The scope under {@code exists x}. */
    Scope withTerm(String x) {
        return new Scope(plus(terms, x), plus(guardable, x), functions, callees, inBody);
    }

    /** The scope under {@code exists ?F}. */
    Scope withFunction(String f) {
        return new Scope(terms, guardable, plus(functions, f), callees, inBody);
    }

    private static List<String> plus(List<String> names, String name) {
        List<String> more = new ArrayList<>(names);
        if (!more.contains(name)) {
            more.add(name);
        }
        return more;
    }
}
