package dev.graft.pypm;

import dev.graft.pypm.nodes.VariableRef;

/** The names visible at a point of a pattern, innermost first; an {@code exists} shadows outer names. */
record Scope(String name, VariableRef ref, Scope outer) {
    static VariableRef find(Scope scope, String name) {
        for (Scope s = scope; s != null; s = s.outer) {
            if (s.name.equals(name)) {
                return s.ref;
            }
        }
        return null;
    }
}
