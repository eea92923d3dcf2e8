package dev.graft.pypm.core;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/** A term as a plain immutable tree (children may still be shared objects). */
public final class TreeTerm implements Term {
    static final Term[] NO_CHILDREN = new Term[0];

    private final String op;
    private final Attributes attributes;
    private final Term[] children;
    /**
     * The structural hash, computed on first use (most terms are never compared); 0 means
     * not yet, and computed hashes are never 0, so racing threads at worst compute it twice.
     */
    private int hash;

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
    }

    /** For the wire reader, which hands over a fresh array (or {@link #NO_CHILDREN}) and no nulls. */
    static TreeTerm owning(String op, Attributes attributes, Term[] children) {
        return new TreeTerm(op, attributes, children);
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

    /** Hashes this term and its unhashed tree subterms bottom-up, with an explicit stack for deep terms. */
    @Override
    public int structuralHash() {
        if (hash == 0) {
            ArrayDeque<TreeTerm> work = new ArrayDeque<>();
            work.push(this);
            while (!work.isEmpty()) {
                TreeTerm t = work.peek();
                boolean ready = true;
                for (Term child : t.children) {
                    if (child instanceof TreeTerm tree && tree.hash == 0) {
                        work.push(tree);
                        ready = false;
                    }
                }
                if (ready) {
                    int h = Terms.hash(t.op, t.attributes, t.children);
                    t.hash = h == 0 ? 1 : h;
                    work.pop();
                }
            }
        }
        return hash;
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
