package dev.graft.conformance.run;

/**
 * What one implementation made of one request: its answer line, or a fault (it
 * crashed or hung) described in {@code fault}. Exactly one of the two is set.
 */
public record Outcome(String answer, String fault) {

    public static Outcome answered(String answer) {
        return new Outcome(answer, null);
    }

    public static Outcome faulted(String fault) {
        return new Outcome(null, fault);
    }

    public boolean isFault() {
        return fault != null;
    }

    /** An {@code (error "...")} answer: a request the implementation rejected. */
    public boolean isError() {
        return answer != null && answer.startsWith("(error ");
    }

    /**
     * Whether two outcomes count as the same answer: identical text, or both
     * errors. Error messages are free text that each implementation words its own
     * way, so only the kind of answer is compared for them. A fault never agrees.
     */
    public boolean agreesWith(Outcome other) {
        if (isFault() || other.isFault()) {
            return false;
        }
        return answer.equals(other.answer) || (isError() && other.isError());
    }

    /** The answer, or the fault in a form that cannot be mistaken for one. */
    public String describe() {
        return isFault() ? "<" + fault + ">" : answer;
    }
}
