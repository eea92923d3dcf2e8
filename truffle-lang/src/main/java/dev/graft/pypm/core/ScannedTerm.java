package dev.graft.pypm.core;

/** One node of {@link ScannedTerms} as a term: a view, made when asked for, holding nothing of its own. */
final class ScannedTerm implements Term {
    private final ScannedTerms terms;
    private final int node;

    ScannedTerm(ScannedTerms terms, int node) {
        this.terms = terms;
        this.node = node;
    }

    @Override
    public String op() {
        return terms.op(node);
    }

    @Override
    public boolean hasOp(String name) {
        return terms.hasOp(node, name);
    }

    @Override
    public Attributes attributes() {
        return terms.attributes(node);
    }

    @Override
    public int arity() {
        return terms.arity(node);
    }

    @Override
    public Term child(int index) {
        return terms.term(terms.child(node, index));
    }

    @Override
    public int structuralHash() {
        return terms.structuralHash(node);
    }

    /** Whether this term's text in the line is its canonical wire text. */
    boolean hasText() {
        return terms.hasText(node);
    }

    /** Appends the canonical wire text; only when {@link #hasText}. */
    void appendText(WireBuffer out) {
        terms.appendText(node, out);
    }

    /** Whether this and other view the same node of the same scan. */
    boolean samePlace(ScannedTerm other) {
        return terms == other.terms && node == other.node;
    }

        /** For two terms with text: equal texts, which for canonical texts means equal terms. */
    boolean sameText(ScannedTerm other) {
        return terms.sameText(node, other.terms, other.node);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Term that && Terms.equal(this, that);
    }

    @Override
    public int hashCode() {
        return structuralHash();
    }

    @Override
    public String toString() {
        return Terms.toWire(this);
    }
}
