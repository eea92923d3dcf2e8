package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.Map;

/**
 * A request that passed every check of CORE-SPEC sections 2 and 8: its
 * definitions by name, the query pattern, the term with attributes sorted and
 * integers in canonical form, and the fuel.
 */
record CheckedRequest(Map<String, Definition> definitions, Sx pattern, Sx term, long fuel) {
}
