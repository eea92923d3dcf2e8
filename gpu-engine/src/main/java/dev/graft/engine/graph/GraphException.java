package dev.graft.engine.graph;

import dev.graft.engine.cli.UserError;

/** A graph that is not well formed (duplicate names, a cycle, an undefined value); the message says where. */
public class GraphException extends UserError {
    public GraphException(String message) {
        super(message);
    }
}
