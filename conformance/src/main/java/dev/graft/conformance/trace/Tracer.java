package dev.graft.conformance.trace;

/** Where the clause tracer reports each clause it takes and each construct it meets. */
public interface Tracer {
    void hit(Clause clause);

    /** A construct of the wire grammar, named by its keyword ({@code "exists"}, {@code "guard <"}). */
    void construct(String keyword);
}
