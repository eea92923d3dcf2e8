package dev.graft.pypm.core;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One match: the query's term variables bound to terms and its function variables bound
 * to op names, each sorted by name (the order the wire format writes them in).
 */
public record Substitution(SortedMap<String, Term> terms, SortedMap<String, String> functions) {
    public static final Substitution EMPTY = new Substitution(new TreeMap<>(), new TreeMap<>());

    public Substitution {
        terms = Collections.unmodifiableSortedMap(new TreeMap<>(terms));
        functions = Collections.unmodifiableSortedMap(new TreeMap<>(functions));
    }

    public static Substitution of(Map<String, Term> terms, Map<String, String> functions) {
        return new Substitution(new TreeMap<>(terms), new TreeMap<>(functions));
    }

    /** The term bound to x, or null. */
    public Term term(String x) {
        return terms.get(x);
    }

    /** The op name bound to F, or null. */
    public String function(String f) {
        return functions.get(f);
    }

    @Override
    public String toString() {
        WireBuffer out = new WireBuffer();
        WireWriter.writeSubstitution(this, out);
        return out.toString();
    }
}
