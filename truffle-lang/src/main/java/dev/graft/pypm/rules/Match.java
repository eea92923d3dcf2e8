package dev.graft.pypm.rules;

import dev.graft.engine.graph.Value;
import java.util.Map;

/** One match of a rule at a graph value: its term variables as graph values, its function variables as op names. */
public record Match(Map<String, Value> terms, Map<String, String> functions) {
    public Match {
        terms = Map.copyOf(terms);
        functions = Map.copyOf(functions);
    }
}
