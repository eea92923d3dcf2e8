package dev.graft.pypm.core;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import java.util.Arrays;

/**
 * The terms read by one {@link TermScanner} pass, kept flat: per node, in preorder, where
 * its text, op name and attribute list lie in the line and which nodes are its children.
 * No object is made per node while reading; a {@link ScannedTerm} is a view of one node,
 * made when the matcher asks for it, and the op name, the attribute map and the
 * structural hash are made only for the nodes that need them (the matcher looks at few
 * attributes, and compares most subterms by their text).
 */
final class ScannedTerms {
    /** The fields of a node's record in {@link #nodes}: one array, so that a node's fields share a cache line. */
    private static final int START = 0;
    private static final int END = 1;
    private static final int OP_START = 2;
    private static final int OP_END = 3;
    private static final int OP_HASH = 4;
    private static final int ATTRIBUTES_START = 5;
    private static final int FIRST_CHILD = 6;
    private static final int ARITY = 7;
    private static final int FIELDS = 8;

    private char[] chars;
    private final AtomTable names;
    private int size;
    /**
     * By node, {@link #FIELDS} ints: {@code chars[START, END)} is its text, {@code
     * [OP_START, OP_END)} its op name (whose String.hashCode is OP_HASH), ATTRIBUTES_START
     * its attribute list's '(', and its children are {@code children[FIRST_CHILD, FIRST_CHILD + ARITY)}.
     */
    private int[] nodes;
    /** By node: whether its text is already the canonical wire text (see {@link TermScanner}). */
    private boolean[] canonical;
    private int[] children;
    private int childCount;
    /** Made on first use, by node: the interned op name, the attribute map, the structural hash (0: not yet). */
    private String[] ops;
    private Attributes[] attributes;
    private int[] hashes;

    ScannedTerms(char[] chars, AtomTable names, int expectedNodes) {
        this.chars = chars;
        this.names = names;
        int capacity = Math.max(8, expectedNodes);
        nodes = new int[capacity * FIELDS];
        canonical = new boolean[capacity];
        children = new int[capacity];
    }

    /**
     * Empties this for the terms of another line: for a caller (core mode) that reads one
     * request after another and lets no term of one outlive its answer. Terms read before
     * are invalid after this.
     */
    void reuse(char[] line) {
        chars = line;
        size = 0;
        childCount = 0;
        ops = null;
        attributes = null;
        hashes = null;
    }

    /** Starts a node whose op name and attribute list are read; its end and children come with {@link #close}. */
    int open(int textStart, int nameStart, int nameEnd, int nameHash, int attributesAt) {
        if (size == canonical.length) {
            nodes = Arrays.copyOf(nodes, 2 * nodes.length);
            canonical = Arrays.copyOf(canonical, 2 * canonical.length);
        }
        int node = size++;
        int at = node * FIELDS;
        nodes[at + START] = textStart;
        nodes[at + OP_START] = nameStart;
        nodes[at + OP_END] = nameEnd;
        nodes[at + OP_HASH] = nameHash;
        nodes[at + ATTRIBUTES_START] = attributesAt;
        return node;
    }

    /** Ends a node at {@code textEnd}, its children being {@code pending[from, to)}. */
    void close(int node, int textEnd, boolean canonicalText, int[] pending, int from, int to) {
        int count = to - from;
        if (childCount + count > children.length) {
            children = Arrays.copyOf(children, Math.max(2 * children.length, childCount + count));
        }
        // Most nodes have a child or two: a plain loop beats System.arraycopy's call there.
        for (int i = 0; i < count; i++) {
            children[childCount + i] = pending[from + i];
        }
        int at = node * FIELDS;
        nodes[at + END] = textEnd;
        nodes[at + FIRST_CHILD] = childCount;
        nodes[at + ARITY] = count;
        canonical[node] = canonicalText;
        childCount += count;
    }

    ScannedTerm term(int node) {
        return new ScannedTerm(this, node);
    }

    int arity(int node) {
        return nodes[node * FIELDS + ARITY];
    }

    int child(int node, int index) {
        return children[nodes[node * FIELDS + FIRST_CHILD] + index];
    }

    String op(int node) {
        String op = ops == null ? null : ops[node];
        return op != null ? op : internOp(node);
    }

    /** Kept out of compiled pattern code, which would otherwise take in the name table. */
    @TruffleBoundary
    private String internOp(int node) {
        if (ops == null) {
            ops = new String[size];
        }
        String op = names.intern(chars, nodes[node * FIELDS + OP_START], nodes[node * FIELDS + OP_END], nodes[node * FIELDS + OP_HASH]);
        ops[node] = op;
        return op;
    }

    /** Whether the node's op name is {@code name}, compared in place (by hash first: most ops asked about are not the node's). */
    boolean hasOp(int node, String name) {
        int at = node * FIELDS;
        int from = nodes[at + OP_START];
        int length = nodes[at + OP_END] - from;
        if (nodes[at + OP_HASH] != name.hashCode() || name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    Attributes attributes(int node) {
        Attributes read = attributes == null ? null : attributes[node];
        return read != null ? read : readAttributes(node);
    }

    /** Kept out of compiled pattern code: reading a value is recursive (lists), which partial evaluation cannot take in. */
    @TruffleBoundary
    private Attributes readAttributes(int node) {
        if (attributes == null) {
            attributes = new Attributes[size];
        }
        Attributes read = new TermScanner(chars, nodes[node * FIELDS + ATTRIBUTES_START], nodes[node * FIELDS + END], names).attributeMap();
        attributes[node] = read;
        return read;
    }

    /**
     * The structural hash of {@link Terms#hash}, made for the node's whole subtree at
     * once: children come after their parent in preorder, so going backwards over the
     * subtree hashes every child before its parent, without recursion.
     */
    int structuralHash(int node) {
        if (hashes == null) {
            hashes = new int[size];
        }
        if (hashes[node] == 0) {
            for (int n = subtreeEnd(node) - 1; n >= node; n--) {
                if (hashes[n] == 0) {
                    int h = op(n).hashCode() * 31 + attributes(n).hashCode();
                    for (int i = 0; i < arity(n); i++) {
                        h = h * 31 + hashes[child(n, i)];
                    }
                    hashes[n] = h == 0 ? 1 : h;
                }
            }
        }
        return hashes[node];
    }

    /** One past the last node of the node's subtree: its last descendant's, found along last children. */
    private int subtreeEnd(int node) {
        int last = node;
        while (arity(last) > 0) {
            last = child(last, arity(last) - 1);
        }
        return last + 1;
    }

    boolean hasText(int node) {
        return canonical[node];
    }

    void appendText(int node, StringBuilder out) {
        int at = node * FIELDS;
        out.append(chars, nodes[at + START], nodes[at + END] - nodes[at + START]);
    }

    boolean sameText(int node, ScannedTerms other, int otherNode) {
        int at = node * FIELDS;
        int otherAt = otherNode * FIELDS;
        return Arrays.equals(chars, nodes[at + START], nodes[at + END],
                other.chars, other.nodes[otherAt + START], other.nodes[otherAt + END]);
    }
}
