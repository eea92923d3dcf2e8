package dev.graft.pypm.core;

import java.util.List;
import java.util.Objects;

/** A term as a plain immutable tree (children may still be shared objects). */
public final class TreeTerm implements Term {
    private static final Term[] NO_CHILDREN = new Term[0];

    private final String op;
    private final Attributes attributes;
    private final Term[] children;
    private final int hash;

    public TreeTerm(String op, Attributes attributes, List<? extends Term> children) {
        this(op, attributes, children.toArray(NO_CHILDREN));
    }

    private TreeTerm(String op, Attributes attributes, Term[] children) {
        this.op = Objects.requireNonNull(op, "op");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.children = children;
        for (Term child : children) {
            Objects.requireNonNull(child, "child");
        }
        this.hash = Terms.hash(op, attributes, children);
    }

    public static TreeTerm of(String op, Term... children) {
        return new TreeTerm(op, Attributes.EMPTY, children.clone());
    }

    public static TreeTerm of(String op, Attributes attributes, Term... children) {
        return new TreeTerm(op, attributes, children.clone());
    }

    @Override
    public String op() {
        return op;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    @Override
    public int arity() {
        return children.length;
    }

    @Override
    public Term child(int index) {
        return children[index];
    }

    @Override
    public int structuralHash() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Term that && Terms.equal(this, that);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Terms.toWire(this);
    }
}
