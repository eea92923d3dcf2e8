package dev.graft.serve;

/**
 * A graph the paged KV cache cannot serve: no attention the rules fused, attention that
 * is not causal, or no position computation to feed. The model can still run unfused,
 * recomputing the whole sequence at every step.
 */
public final class NotServableException extends RuntimeException {
    public NotServableException(String message) {
        super(message);
    }
}
