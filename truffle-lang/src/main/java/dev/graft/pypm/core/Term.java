package dev.graft.pypm.core;

/**
 * A term {@code op{attributes}(children)} of CORE-SPEC section 1. Implementations may
 * share subterms (a graph is a term with sharing); the meaning is always the unfolded
 * tree, and {@link Terms#equal} compares structurally without unfolding.
 */
public interface Term {
    String op();

    /** Whether the op name is {@code name}: what an operator pattern asks, which some terms answer without making the name. */
    default boolean hasOp(String name) {
        return name.equals(op());
    }

    Attributes attributes();

    int arity();

    Term child(int index);

    /**
     * A hash of the structure: structurally equal terms have equal hashes. Implementations
     * memoize it, so a shared subterm is hashed once, and {@link Terms#equal} uses it to
     * reject most unequal pairs at once.
     */
    int structuralHash();
}
