package dev.graft.pypm.core;

import java.util.Arrays;

/**
 * The fast path of {@link TermScanner}: a term written exactly as {@link WireWriter}
 * writes it, with integer attributes only ({@code (node ((k 4)) (leaf ((v 2))) (leaf
 * ()))}), the text most requests carry. Anything else (a blank out of place, a string
 * or list value, an integer spelled otherwise, attributes out of order, any error) makes
 * it stop, and the general scan goes on from there.
 *
 * <p>In that form a node is its head ({@code (OP (ATTRIBUTES)}), then either one space
 * and its first child's head, or a run of {@code ')'} closing it and maybe its parents,
 * then one space and the next sibling's head. Every node found is canonical, so this
 * scan keeps no note of departures and tests no blanks: less work per node than the
 * general scan, which must be ready for any spelling at every step.
 */
final class CanonicalTermScan {
    /** By char: {@link #WORD_PART} or {@link #WORD_START}, or 0; one load a character, without a range test first. */
    private static final byte[] WORD = new byte[Character.MAX_VALUE + 1];
    private static final byte WORD_PART = 1;
    private static final byte WORD_START = 3;

    static {
        for (char c = 0; c < 128; c++) {
            WORD[c] = WireLexer.isWordStart(c) ? WORD_START : WireLexer.isWordPart(c) ? WORD_PART : 0;
        }
    }

    private final ScannedTerms terms;
    private final char[] text;
    private final int limit;
    /** Where the scan stopped, and in which state, when it gave up: see {@link #position}. */
    private int position;
    private int open;
    private boolean inBody;

    /** A scan of {@code text} up to {@code limit} into {@code terms}, which {@link ScannedTerms#reuse} has readied. */
    CanonicalTermScan(ScannedTerms terms, char[] text, int limit) {
        this.terms = terms;
        this.text = text;
        this.limit = limit;
    }

    /**
     * Scans the term at {@code start}; gives its root (the index of its '('), which ends
     * at {@link ScannedTerms#end}, or -1 where the text leaves the form this reads. The
     * nodes read until then are recorded as the general scan records them, and it goes on
     * from there ({@link #position}): a term with a string attribute deep inside is not
     * read twice.
     */
    int scan(int start) {
        char[] text = this.text;
        int limit = this.limit;
        int[] ends = terms.endsTable();
        int[] bodies = terms.bodiesTable();
        int[] arities = terms.aritiesTable();
        // The stack of open nodes from its second slot; the first holds the spare table
        // entry (no node's), the root's parent, so that counting a parent's children in
        // the arity table needs no test.
        int[] stack = terms.openNodes;
        stack[0] = limit;
        int top = 0;
        int p = start;
        if (p >= limit || text[p] != '(') {
            return stop(p, top, false);
        }
        while (true) {
            // The head at p: '(' (checked), OP, one space, the attribute list.
            int q = p + 1;
            if (q >= limit || WORD[text[q]] != WORD_START) {
                return stop(p, top, false);
            }
            do {
                q++;
            } while (q < limit && WORD[text[q]] != 0);
            if (q + 2 >= limit || text[q] != ' ' || text[q + 1] != '(') {
                return stop(p, top, false);
            }
            int body = text[q + 2] == ')' ? q + 3 : attributeListEnd(text, q + 2, limit);
            if (body < 0) {
                return stop(p, top, false);
            }
            bodies[p] = body;
            arities[p] = 0;
            arities[stack[top]]++;
            if (++top == stack.length) {
                // The general scan's two stacks keep one length.
                stack = Arrays.copyOf(stack, 2 * top);
                terms.openNodes = stack;
                terms.openArities = Arrays.copyOf(terms.openArities, 2 * top);
            }
            stack[top] = p;
            // After the attributes: ')' closing this node and maybe its parents, then one space and a head.
            p = body;
            while (p < limit && text[p] == ')') {
                ends[stack[top--]] = ++p;
                if (top == 0) {
                    return stack[1];
                }
            }
            if (p + 1 >= limit || text[p] != ' ' || text[p + 1] != '(') {
                return stop(p, top, true);
            }
            p++;
        }
    }

    /** Leaves the open nodes as the general scan keeps them, and where it is to go on. */
    private int stop(int at, int openNodes, boolean afterAttributes) {
        int[] stack = terms.openNodes;
        int[] counts = terms.openArities;
        int[] arities = terms.aritiesTable();
        System.arraycopy(stack, 1, stack, 0, openNodes);
        for (int i = 0; i < openNodes; i++) {
            counts[i] = arities[stack[i]];
        }
        position = at;
        open = openNodes;
        inBody = afterAttributes;
        return -1;
    }

    /**
     * Where the scan gave up: at a node's '(', or after a node's attribute list (or a
     * child's ')') when {@link #inBody}, with {@link #open} nodes still open on the
     * stacks of {@link ScannedTerms}.
     */
    int position() {
        return position;
    }

    int open() {
        return open;
    }

    boolean inBody() {
        return inBody;
    }

    /**
     * The end of the attribute list {@code ()} or {@code ((name INT) ...)} after its '('
     * (at q) in canonical form: names ascending, integers of at most 18 digits (surely
     * within a long) spelled without leading zeros or {@code -0}; -1 for any other list,
     * which the general scan then reads from the start.
     */
    static int attributeListEnd(char[] text, int q, int limit) {
        if (q < limit && text[q] == ')') {
            return q + 1;
        }
        int previousStart = -1;
        int previousEnd = -1;
        while (true) {
            int nameStart = q + 1;
            if (nameStart >= limit || text[q] != '(' || WORD[text[nameStart]] != WORD_START) {
                return -1;
            }
            int nameEnd = nameStart;
            do {
                nameEnd++;
            } while (nameEnd < limit && WORD[text[nameEnd]] != 0);
            if (previousStart >= 0 && Arrays.compare(text, previousStart, previousEnd, text, nameStart, nameEnd) >= 0) {
                return -1;
            }
            previousStart = nameStart;
            previousEnd = nameEnd;
            int digitsStart = nameEnd + 1;
            if (digitsStart >= limit || text[nameEnd] != ' ') {
                return -1;
            }
            if (text[digitsStart] == '-') {
                digitsStart++;
            }
            int digitsEnd = digitsStart;
            while (digitsEnd < limit && (char) (text[digitsEnd] - '0') < 10) {
                digitsEnd++;
            }
            int digits = digitsEnd - digitsStart;
            if (digits == 0 || digits > 18 || digitsEnd == limit || text[digitsEnd] != ')'
                    || (text[digitsStart] == '0' && (digits > 1 || text[digitsStart - 1] == '-'))) {
                return -1;
            }
            q = digitsEnd + 1;
            if (q < limit && text[q] == ')') {
                return q + 1;
            }
            if (q + 1 >= limit || text[q] != ' ') {
                return -1;
            }
            q++;
        }
    }
}
