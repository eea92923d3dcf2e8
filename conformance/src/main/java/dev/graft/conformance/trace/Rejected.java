package dev.graft.conformance.trace;

/** A request the checker refuses, with the clause that names the reason. */
final class Rejected extends RuntimeException {
    private final Clause reason;

    Rejected(Clause reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Clause reason() {
        return reason;
    }
}
