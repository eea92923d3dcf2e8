package dev.graft.pypm.core;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import java.util.Arrays;

/**
 * The terms read by one {@link TermScanner} pass, kept in place: a node is the index of
 * its '(' in the line, and the scan records only where each node ends, where its children
 * start and how many there are. Everything else (the op name, the children's places, the
 * attribute map) is read from the text when the matcher asks, and the matcher asks about
 * few nodes: most subterms are bound, compared and written by their text. A
 * {@link ScannedTerm} is a view of one node.
 *
 * <p>The tables are indexed by position in the line and reused from line to line
 * without being cleared: a scan writes the entries of every node it accepts, and nodes
 * are reached only from the root it returns. Memoized answers (attribute maps, hashes)
 * carry the number of the line they belong to instead.
 */
final class ScannedTerms {
    private char[] chars;
    private final AtomTable names;
    /**
     * By node (the index of its '('): the index just past its ')', complemented
     * ({@code ~end}) when the node's text is not in canonical form (see {@link TermScanner}).
     */
    private int[] ends;
    /** By node: the index just past its attribute list, where its children (and blanks) follow. */
    private int[] bodies;
    private int[] arities;
    /** Which line the tables hold; a memo entry counts only if it carries this number (fresh entries carry 0). */
    private int line = 1;
    private Attributes[] attributes;
    private int[] attributesLine;
    private int[] hashes;
    private int[] hashesLine;
    /** The last child found and its parent and index: children are mostly asked for in order. */
    private int lastParent = -1;
    private int lastIndex;
    private int lastChild;
    /** The scanners' stack of open nodes, kept here to be reused with the tables. */
    int[] openNodes = new int[16];
    int[] openArities = new int[16];

    ScannedTerms(char[] chars, AtomTable names, int limit) {
        this.names = names;
        this.chars = chars;
        // One entry past the line's last position: the canonical scan's spare one.
        ends = new int[Math.max(16, limit + 1)];
        bodies = new int[ends.length];
        arities = new int[ends.length];
    }

    /**
     * Makes this the storage for the terms of {@code line[0, limit)}: for a caller (core
     * mode) that reads one request after another and lets no term of one outlive its
     * answer. Terms read before are invalid after this.
     */
    void reuse(char[] text, int limit) {
        chars = text;
        if (++line == 0) {
            // After 2^32 lines the numbers come round: start the memos afresh.
            attributes = null;
            hashes = null;
            line = 1;
        }
        lastParent = -1;
        if (ends.length <= limit) {
            int capacity = Math.max(limit + 1, 2 * ends.length);
            ends = new int[capacity];
            bodies = new int[capacity];
            arities = new int[capacity];
            // The memos are made again at the new size when next asked for.
            attributes = null;
            hashes = null;
        }
    }

    /** Records a node whose attribute list ends at {@code body}; its end and arity come with {@link #close}. */
    void open(int node, int body) {
        bodies[node] = body;
    }

    void close(int node, int end, boolean canonicalText, int arity) {
        ends[node] = canonicalText ? end : ~end;
        arities[node] = arity;
    }

    /**
     * The tables themselves, for {@link CanonicalTermScan} to fill in its loop; entry
     * {@code limit} (the spare) is free for writes meant for no node.
     */
    int[] endsTable() {
        return ends;
    }

    int[] bodiesTable() {
        return bodies;
    }

    int[] aritiesTable() {
        return arities;
    }

    ScannedTerm term(int node) {
        return new ScannedTerm(this, node);
    }

    /** Where the node's text ends: just past its ')'. */
    int end(int node) {
        int end = ends[node];
        return end < 0 ? ~end : end;
    }

    /** The first child's '(' or the node's closing ')'. */
    private int firstChildOrClose(int node) {
        return afterBlanks(bodies[node], hasText(node));
    }

    /** The next sibling's '(' or the parent's closing ')'; whether the parent's text is canonical is given. */
    private int nextOrClose(int child, boolean canonicalParent) {
        return afterBlanks(end(child), canonicalParent);
    }

    /** Past the blanks from p, which in a canonical node's text are one space or none. */
    private int afterBlanks(int p, boolean canonical) {
        if (canonical) {
            return chars[p] == ' ' ? p + 1 : p;
        }
        return skipBlanks(p);
    }

    private int skipBlanks(int p) {
        while (WireLexer.isBlank(chars[p])) {
            p++;
        }
        return p;
    }

    int arity(int node) {
        return arities[node];
    }

    int child(int node, int index) {
        int from = 0;
        int c;
        if (node == lastParent && index >= lastIndex) {
            from = lastIndex;
            c = lastChild;
        } else {
            c = firstChildOrClose(node);
        }
        for (int i = from; i < index; i++) {
            c = nextOrClose(c, hasText(node));
        }
        lastParent = node;
        lastIndex = index;
        lastChild = c;
        return c;
    }

    /** Where the op name starts: just after the '(' in canonical text. */
    private int opStart(int node) {
        return hasText(node) ? node + 1 : skipBlanks(node + 1);
    }

    /** Kept out of compiled pattern code, which would otherwise take in the name table. */
    @TruffleBoundary
    String op(int node) {
        int start = opStart(node);
        return names.intern(chars, start, opEnd(start));
    }

    private int opEnd(int opStart) {
        int end = opStart;
        while (WireLexer.isWordPart(chars[end])) {
            end++;
        }
        return end;
    }

    /** Whether the node's op name is {@code name}, compared in place. */
    boolean hasOp(int node, String name) {
        int start = opStart(node);
        int length = name.length();
        if (start + length >= end(node)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return !WireLexer.isWordPart(chars[start + length]);
    }

    Attributes attributes(int node) {
        if (attributes != null && attributesLine[node] == line) {
            return attributes[node];
        }
        return readAttributes(node);
    }

    /** Kept out of compiled pattern code: reading a value is recursive (lists), which partial evaluation cannot take in. */
    @TruffleBoundary
    private Attributes readAttributes(int node) {
        if (attributes == null || attributes.length < ends.length) {
            attributes = new Attributes[ends.length];
            attributesLine = new int[ends.length];
        }
        Attributes read = new TermScanner(chars, skipBlanks(opEnd(opStart(node))), bodies[node], names).attributeMap();
        attributes[node] = read;
        attributesLine[node] = line;
        return read;
    }

    /**
     * The structural hash of {@link Terms#hash}, made for the node's whole subtree at
     * once, children before parents, with an explicit stack.
     */
    @TruffleBoundary
    int structuralHash(int node) {
        if (hashes == null || hashes.length < ends.length) {
            hashes = new int[ends.length];
            hashesLine = new int[ends.length];
        }
        if (hashesLine[node] == line) {
            return hashes[node];
        }
        int[] stack = new int[16];
        int size = 0;
        stack[size++] = node;
        while (size > 0) {
            int n = stack[size - 1];
            boolean childrenDone = true;
            for (int c = firstChildOrClose(n); chars[c] == '('; c = nextOrClose(c, hasText(n))) {
                if (hashesLine[c] != line) {
                    if (size == stack.length) {
                        stack = Arrays.copyOf(stack, 2 * size);
                    }
                    stack[size++] = c;
                    childrenDone = false;
                }
            }
            if (childrenDone) {
                size--;
                int h = op(n).hashCode() * 31 + attributes(n).hashCode();
                for (int c = firstChildOrClose(n); chars[c] == '('; c = nextOrClose(c, hasText(n))) {
                    h = h * 31 + hashes[c];
                }
                // As TreeTerm's: a term's hash is never 0, so the two kinds of term hash alike.
                hashes[n] = h == 0 ? 1 : h;
                hashesLine[n] = line;
            }
        }
        return hashes[node];
    }

    boolean hasText(int node) {
        return ends[node] >= 0;
    }

    void appendText(int node, WireBuffer out) {
        out.append(chars, node, ends[node] - node);
    }

    boolean sameText(int node, ScannedTerms other, int otherNode) {
        return Arrays.equals(chars, node, ends[node], other.chars, otherNode, other.ends[otherNode]);
    }
}
