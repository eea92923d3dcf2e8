package dev.graft.conformance.run;

/** One request and what each side made of it. */
public record Verdict(String request, Outcome reference, Outcome candidate) {

    public boolean passed() {
        return reference.agreesWith(candidate);
    }
}
