package dev.graft.pypm.core;

import java.util.List;

/** A core-mode request {@code (match defs pattern term FUEL)} of CORE-SPEC section 8. */
public record Request(List<Definition> definitions, Pattern query, Term term, long fuel) {
    public Request {
        definitions = List.copyOf(definitions);
    }
}
