package dev.graft.engine.ops;

/**
 * An op was given inputs or attributes it cannot accept. The message says what
 * is wrong but not where: the caller, which knows the node, adds that.
 */
public class OpException extends RuntimeException {
    public OpException(String message) {
        super(message);
    }
}
