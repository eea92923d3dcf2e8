package dev.graft.conformance.trace;

/**
 * The tracer gave up on a request after its step limit: nested recursion can
 * make a small request take exponential time in any implementation, so the
 * generator drops such a case rather than stall a run on it.
 */
public final class CaseTooCostly extends RuntimeException {
    public CaseTooCostly(long steps) {
        super("more than " + steps + " matching steps", null, false, false);
    }
}
