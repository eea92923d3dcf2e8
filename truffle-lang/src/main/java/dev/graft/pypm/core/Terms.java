package dev.graft.pypm.core;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/** Structural equality and hashing of terms, without recursion and without unfolding sharing. */
public final class Terms {
    /** Below this many compared pairs, remembering pairs costs more than it saves. */
    private static final int PAIRS_BEFORE_MEMO = 64;

    private Terms() {
    }

    /** The structural hash of a node from its parts; children contribute their own memoized hashes. */
    static int hash(String op, Attributes attributes, Term[] children) {
        int h = op.hashCode() * 31 + attributes.hashCode();
        for (Term child : children) {
            h = h * 31 + child.structuralHash();
        }
        return h;
    }

    /**
     * Whether two terms unfold to the same tree. Each pair of subterm objects is compared
     * at most once (after the first few), so shared subterms cost linear time, and an
     * explicit stack keeps deep terms off the Java stack.
     */
    public static boolean equal(Term a, Term b) {
        if (a == b || samePlace(a, b)) {
            return true;
        }
        if (bothWithText(a, b)) {
            // The usual case in core mode: one comparison, no work list.
            return ((ScannedTerm) a).sameText((ScannedTerm) b);
        }
        ArrayDeque<Term> work = new ArrayDeque<>();
        Set<Pair> seen = null;
        int compared = 0;
        work.push(b);
        work.push(a);
        while (!work.isEmpty()) {
            Term x = work.pop();
            Term y = work.pop();
            if (x == y || samePlace(x, y)) {
                continue;
            }
            if (bothWithText(x, y)) {
                if (!((ScannedTerm) x).sameText((ScannedTerm) y)) {
                    return false;
                }
                continue;
            }
            // The node's own parts first: a hash reads the whole subtree (every attribute map in it).
            if (x.arity() != y.arity() || !x.op().equals(y.op()) || x.structuralHash() != y.structuralHash()
                    || !x.attributes().equals(y.attributes())) {
                return false;
            }
            if (++compared > PAIRS_BEFORE_MEMO) {
                if (seen == null) {
                    seen = new HashSet<>();
                }
                if (!seen.add(new Pair(x, y))) {
                    continue;
                }
            }
            for (int i = x.arity() - 1; i >= 0; i--) {
                work.push(y.child(i));
                work.push(x.child(i));
            }
        }
        return true;
    }

    /** Two views of one node of a request's term (a view is made per child asked for): the same term. */
    private static boolean samePlace(Term x, Term y) {
        return x instanceof ScannedTerm sx && y instanceof ScannedTerm sy && sx.samePlace(sy);
    }

    /** Whether both terms know their canonical text, which then decides equality. */
    private static boolean bothWithText(Term x, Term y) {
        return x instanceof ScannedTerm tx && y instanceof ScannedTerm ty && tx.hasText() && ty.hasText();
    }

    /** The term in the wire format of CORE-SPEC section 8 (unfolded). */
    public static String toWire(Term term) {
        WireBuffer out = new WireBuffer();
        WireWriter.writeTerm(term, out);
        return out.toString();
    }

    /** A pair of term objects compared by identity. */
    private record Pair(Term x, Term y) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Pair that && x == that.x && y == that.y;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(x) * 31 + System.identityHashCode(y);
        }
    }
}
