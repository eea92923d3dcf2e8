package dev.graft.pypm.core;

import java.util.List;

/**
 * A core-mode request {@code (match defs pattern term FUEL)} of CORE-SPEC section 8.
 * {@code program} is the text of the definitions and the query as written, a key under
 * which their compiled form can be reused for the next request with the same program.
 */
public record Request(List<Definition> definitions, Pattern query, String program, Term term, long fuel) {
    public Request {
        definitions = List.copyOf(definitions);
    }
}
