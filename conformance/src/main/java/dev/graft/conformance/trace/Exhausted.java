package dev.graft.conformance.trace;

/** Fuel ran out somewhere: the whole answer is {@code (exhausted)}. */
final class Exhausted extends RuntimeException {
    Exhausted() {
        super("exhausted", null, false, false);
    }
}
