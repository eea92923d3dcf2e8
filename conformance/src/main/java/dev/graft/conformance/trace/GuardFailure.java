package dev.graft.conformance.trace;

/** A guard whose evaluation went wrong, which makes it false; the clause names how. */
final class GuardFailure extends RuntimeException {
    private final Clause reason;

    GuardFailure(Clause reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    Clause reason() {
        return reason;
    }
}
