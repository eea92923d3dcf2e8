package dev.graft.pypm.rules;

/**
 * A rule's condition or replacement could not be evaluated on one match (an unbound
 * variable, a value that is not a constant, a type mismatch): the rule does not apply
 * to that match, as if a guard had failed; the engine tries the next match.
 */
public final class NotApplicable extends RuntimeException {
    public NotApplicable(String reason) {
        super(reason, null, false, false);
    }
}
