package dev.graft.pypm.core;

import java.util.Arrays;

/**
 * The fast path of {@link TermScanner}: a term written exactly as {@link WireWriter}
 * writes it, with integer attributes only ({@code (node ((k 4)) (leaf ((v 2))) (leaf
 * ()))}), the text most requests carry. Anything else (a blank out of place, a string
 * or list value, an integer spelled otherwise, attributes out of order, any error) makes
 * it give up, and the general scan reads the term from its start.
 *
 * <p>In that form a node is its head ({@code (OP (ATTRIBUTES)}), then either one space
 * and its first child's head, or a run of {@code ')'} closing it and maybe its parents,
 * then one space and the next sibling's head. Every node found is canonical, so this
 * scan keeps no note of departures, and it counts a node's children in the arity table
 * itself rather than on a stack of its own: less work per node than the general scan,
 * which must be ready for any spelling at every step.
 */
final class CanonicalTermScan {
    private CanonicalTermScan() {
    }

    /**
     * Scans the term at {@code text[start]} (limited by {@code limit}) into {@code terms},
     * which {@link ScannedTerms#reuse} has readied for this line; gives its root (the index
     * of its '('), which ends at {@link ScannedTerms#end}, or -1 if the text is not of the
     * form this reads.
     */
    static int scan(ScannedTerms terms, char[] text, int start, int limit) {
        if (start >= limit || text[start] != '(') {
            return -1;
        }
        int[] ends = terms.endsTable();
        int[] bodies = terms.bodiesTable();
        int[] arities = terms.aritiesTable();
        // The stack of open nodes; its first slot is the spare table entry (no node's),
        // the root's parent, so that counting a parent's children needs no test.
        int[] stack = terms.openNodes;
        stack[0] = limit;
        int top = 0;
        int p = start;
        while (true) {
            // The head at p, whose '(' is checked: OP, one space, the attribute list.
            int q = p + 1;
            if (q >= limit || !WireLexer.isWordStart(text[q])) {
                return -1;
            }
            do {
                q++;
            } while (q < limit && WireLexer.isWordPart(text[q]));
            if (q + 2 >= limit || text[q] != ' ' || text[q + 1] != '(') {
                return -1;
            }
            int body = attributeListEnd(text, q + 2, limit);
            if (body < 0) {
                return -1;
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
                return -1;
            }
            p++;
        }
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
            if (nameStart >= limit || text[q] != '(' || !WireLexer.isWordStart(text[nameStart])) {
                return -1;
            }
            int nameEnd = nameStart;
            do {
                nameEnd++;
            } while (nameEnd < limit && WireLexer.isWordPart(text[nameEnd]));
            if (previousStart >= 0 && !ascending(text, previousStart, previousEnd, nameStart, nameEnd)) {
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
            while (digitsEnd < limit && text[digitsEnd] >= '0' && text[digitsEnd] <= '9') {
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

    /** Whether the name {@code text[a, aEnd)} comes strictly before {@code text[b, bEnd)} ({@link String#compareTo}). */
    private static boolean ascending(char[] text, int a, int aEnd, int b, int bEnd) {
        for (; a < aEnd && b < bEnd; a++, b++) {
            if (text[a] != text[b]) {
                return text[a] < text[b];
            }
        }
        return a == aEnd && b < bEnd;
    }
}
