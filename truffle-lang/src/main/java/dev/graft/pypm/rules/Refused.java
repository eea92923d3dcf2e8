package dev.graft.pypm.rules;

/** A replacement that would break the graph's types; the engine reports it with the rule and node and moves on. */
final class Refused extends RuntimeException {
    Refused(String message) {
        super(message, null, false, false);
    }
}
