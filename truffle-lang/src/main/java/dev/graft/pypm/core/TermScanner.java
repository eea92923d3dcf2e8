package dev.graft.pypm.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a well-formed term in one pass over the characters, without tokens: most of a
 * core-mode request is its term, and this is where reading spends its time. It accepts
 * only what {@link WireReader} accepts and gives the same term; anything else (any
 * error, a string with an escape, an integer of more than 18 digits, a repeated
 * attribute) makes it give up, and the wire reader reads the term token by token and
 * says what is wrong.
 *
 * <p>A term in the canonical form with integer attributes only, as most requests carry,
 * is read by {@link CanonicalTermScan}, which does less per node; this scan reads the
 * rest.
 *
 * <p>The pass checks the text and records where each node lies ({@link ScannedTerms});
 * it makes no object per node. Op names and attribute maps are read again from their
 * place in the line when first asked for ({@link #attributeMap}).
 *
 * <p>A term whose text is already in the canonical form that {@link WireWriter} writes
 * (one space between items, none inside brackets, attributes sorted, integers without
 * leading zeros) keeps that text ({@link ScannedTerm#hasText}): answers copy it instead
 * of writing the term again, and two such terms are equal when their texts are. The
 * scanner notes where the text last departed from that form; a node is canonical when
 * that place lies before it, since the scan reaches a node's text only after its start.
 */
final class TermScanner {
    /** What checking a value that is not an integer gives: any non-null value would do. */
    private static final Value CHECKED = new StringValue("");
    /** What {@link #name} gives when there is no name: no int hash is this. */
    private static final long NO_NAME = Long.MIN_VALUE;

    private final char[] chars;
    private final int limit;
    private final AtomTable names;
    private final ScannedTerms reused;
    private int pos;
    /**
     * The attributes of the list being read: name spans, and (when building) values;
     * attribute lists do not nest. Made for the first list that is not of the usual
     * form, since most scans meet none.
     */
    private int[] attributeStarts;
    private int[] attributeEnds;
    private Value[] attributeValues;
    /** Where the text last departed from the canonical form, or -1. */
    private int lastDeparture = -1;

    /** Scans {@code chars[start, limit)}. */
    TermScanner(char[] chars, int start, int limit, AtomTable names) {
        this(chars, start, limit, names, null);
    }

    /** Scans {@code chars[start, limit)} into {@code reused} ({@link ScannedTerms#reuse}), or new storage when null. */
    TermScanner(char[] chars, int start, int limit, AtomTable names, ScannedTerms reused) {
        this.chars = chars;
        this.limit = limit;
        this.pos = start;
        this.names = names;
        this.reused = reused;
    }

    /** Where the scan stopped: just after the term, once {@link #term} has returned one. */
    int position() {
        return pos;
    }

    /** The term {@code (OP ((name value) ...) term ...)} starting here, or null to let the wire reader read it. */
    Term term() {
        skipBlanks();
        ScannedTerms terms = reused;
        if (terms == null) {
            terms = new ScannedTerms(chars, names, limit);
        } else {
            terms.reuse(chars, limit);
        }
        CanonicalTermScan canonical = new CanonicalTermScan(terms, chars, limit);
        int root = canonical.scan(pos);
        if (root >= 0) {
            pos = terms.end(root);
            return terms.term(root);
        }
        pos = canonical.position();
        root = scanTerm(terms, canonical.open(), canonical.inBody());
        return root < 0 ? null : terms.term(root);
    }

    /**
     * The term whose scan {@link CanonicalTermScan} began, from where it stopped (here,
     * with {@code alreadyOpen} nodes open, after a node's attribute list if {@code inBody}),
     * recorded in {@code terms}; its root, or -1 to give up. One loop with an explicit stack
     * of the nodes still open: deep terms need no Java stack, and the position stays in a
     * local.
     */
    private int scanTerm(ScannedTerms terms, int alreadyOpen, boolean inBody) {
        char[] text = chars;
        int end = limit;
        int p = pos;
        int[] openNodes = terms.openNodes;
        int[] openArities = terms.openArities;
        int open = alreadyOpen;
        boolean afterAttributes = inBody;
        nodeStart:
        while (true) {
            if (!afterAttributes) {
                int start = p;
                if (p == end || text[p] != '(') {
                    return giveUp(p);
                }
                p = canonicalBlanks(text, p + 1, end, 0);
                if (p == end || !WireLexer.isWordStart(text[p])) {
                    return giveUp(p);
                }
                do {
                    p++;
                } while (p < end && WireLexer.isWordPart(text[p]));
                // The op name, one space and the attribute list's '(': the canonical form, checked at once.
                if (p + 1 < end && text[p] == ' ' && text[p + 1] == '(') {
                    p += 2;
                } else {
                    if (p < end && !WireLexer.isDelimiter(text[p])) {
                        return giveUp(p);
                    }
                    p = canonicalBlanks(text, p, end, 1);
                    if (p == end || text[p] != '(') {
                        return giveUp(p);
                    }
                    p++;
                }
                int attributesEnd = CanonicalTermScan.attributeListEnd(text, p, end);
                if (attributesEnd >= 0) {
                    p = attributesEnd;
                } else {
                    pos = p;
                    if (attributes(false) == null) {
                        return -1;
                    }
                    p = pos;
                }
                terms.open(start, p);
                if (open == openNodes.length) {
                    openNodes = Arrays.copyOf(openNodes, 2 * open);
                    openArities = Arrays.copyOf(openArities, 2 * open);
                    terms.openNodes = openNodes;
                    terms.openArities = openArities;
                }
                if (open > 0) {
                    openArities[open - 1]++;
                }
                openNodes[open] = start;
                openArities[open++] = 0;
            }
            afterAttributes = false;
            // Children of the innermost open node, until its ')' closes it (and maybe its parents).
            while (true) {
                if (p < end && text[p] == ' ' && p + 1 < end && text[p + 1] == '(') {
                    p++;
                    continue nodeStart;
                }
                if (p == end || text[p] != ')') {
                    int next = blankEnd(text, p, end);
                    if (next < end && text[next] == '(') {
                        p = canonicalBlanks(text, p, end, 1);
                        continue nodeStart;
                    }
                    p = canonicalBlanks(text, p, end, 0);
                    if (p == end || text[p] != ')') {
                        return giveUp(p);
                    }
                }
                p++;
                int node = openNodes[--open];
                terms.close(node, p, lastDeparture < node, openArities[open]);
                if (open == 0) {
                    pos = p;
                    return node;
                }
            }
        }
    }

    private int giveUp(int at) {
        pos = at;
        return -1;
    }

    /** Where the blanks from {@code p} end. */
    private static int blankEnd(char[] text, int p, int end) {
        while (p < end && WireLexer.isBlank(text[p])) {
            p++;
        }
        return p;
    }

    /**
     * Skips the blanks from {@code p} where the canonical form has {@code canonical}
     * spaces (0 or 1), noting a departure unless they are just that; gives where they end.
     */
    private int canonicalBlanks(char[] text, int p, int end, int canonical) {
        if (canonical == 0 ? p == end || text[p] > ' ' : p < end && text[p] == ' ' && (p + 1 == end || text[p + 1] > ' ')) {
            return p + canonical;
        }
        int q = blankEnd(text, p, end);
        if (q - p != canonical || (canonical == 1 && text[p] != ' ')) {
            lastDeparture = p;
        }
        return q;
    }

    /** The attribute map of the list starting here, which a scan has accepted already. */
    Attributes attributeMap() {
        take('(');
        return attributes(true);
    }

    /**
     * The attribute list after its '(', through its ')': its map when {@code build}, else
     * only checked ({@link Attributes#EMPTY} for any list that reads well); null to give up.
     */
    private Attributes attributes(boolean build) {
        int skipped = skipBlanks();
        if (take(')')) {
            expect(skipped, 0);
            return Attributes.EMPTY;
        }
        if (attributeStarts == null) {
            attributeStarts = new int[8];
            attributeEnds = new int[8];
            attributeValues = new Value[8];
        }
        int size = 0;
        for (; at('('); skipped = skipBlanks()) {
            expect(skipped, size == 0 ? 0 : 1);
            pos++;
            blanks(0);
            int nameStart = pos;
            if (name() == NO_NAME) {
                return null;
            }
            int nameEnd = pos;
            blanks(1);
            Value value = value(build);
            blanks(0);
            if (value == null || !take(')')) {
                return null;
            }
            if (size == attributeStarts.length) {
                attributeStarts = Arrays.copyOf(attributeStarts, 2 * size);
                attributeEnds = Arrays.copyOf(attributeEnds, 2 * size);
                attributeValues = Arrays.copyOf(attributeValues, 2 * size);
            }
            attributeStarts[size] = nameStart;
            attributeEnds[size] = nameEnd;
            if (build) {
                attributeValues[size] = value;
            }
            size++;
        }
        expect(skipped, 0);
        if (!take(')')) {
            return null;
        }
        boolean sorted = namesAscending(size);
        if (!sorted) {
            lastDeparture = pos;
        }
        if (!build) {
            return sorted || namesDistinct(size) ? Attributes.EMPTY : null;
        }
        String[] read = new String[size];
        for (int i = 0; i < size; i++) {
            read[i] = names.intern(chars, attributeStarts[i], attributeEnds[i]);
        }
        if (size == 1 && attributeValues[0] instanceof IntValue small && IntValue.isShared(small.value())) {
            return names.single(read[0], small);
        }
        Value[] values = Arrays.copyOf(attributeValues, size);
        return sorted ? Attributes.ofSorted(read, values) : Attributes.sortInPlace(read, values);
    }

    private boolean namesAscending(int size) {
        for (int i = 1; i < size; i++) {
            if (compareNames(i - 1, i) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** For an unsorted list (rare): no name twice, by comparing every pair. */
    private boolean namesDistinct(int size) {
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                if (compareNames(i, j) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The order of the names of attributes i and j ({@link String#compareTo}'s sign), in place. */
    private int compareNames(int i, int j) {
        return Arrays.compare(chars, attributeStarts[i], attributeEnds[i], chars, attributeStarts[j], attributeEnds[j]);
    }

    /**
     * A value; when not {@code build}, only checked: the value of an integer (its
     * canonical spelling is checked either way) or the empty string for any other value.
     */
    private Value value(boolean build) {
        if (at('"')) {
            int start = pos + 1;
            if (!plainString()) {
                return null;
            }
            return build ? new StringValue(new String(chars, start, pos - 1 - start)) : CHECKED;
        }
        if (!take('(')) {
            return integer();
        }
        blanks(0);
        if (!word("list")) {
            return null;
        }
        List<Value> elements = build ? new ArrayList<>() : null;
        int skipped = skipBlanks();
        for (; !take(')'); skipped = skipBlanks()) {
            expect(skipped, 1);
            Value element = value(build);
            if (element == null) {
                return null;
            }
            if (build) {
                elements.add(element);
            }
        }
        expect(skipped, 0);
        return build ? new ListValue(elements) : CHECKED;
    }

    /**
     * Passes an identifier {@code [A-Za-z_][A-Za-z0-9_.']*} ending where an atom ends, and
     * gives its String.hashCode; {@link #NO_NAME} when there is none.
     */
    private long name() {
        char[] text = chars;
        int end = pos;
        if (end == limit || !WireLexer.isWordStart(text[end])) {
            return NO_NAME;
        }
        int hash = 0;
        do {
            hash = 31 * hash + text[end++];
        } while (end < limit && WireLexer.isWordPart(text[end]));
        pos = end;
        return atomEndsHere() ? hash : NO_NAME;
    }

    /** The atom {@code word}. */
    private boolean word(String word) {
        int start = pos;
        while (pos < limit && pos - start < word.length() && chars[pos] == word.charAt(pos - start)) {
            pos++;
        }
        return pos - start == word.length() && atomEndsHere();
    }

    /** {@code -?[0-9]+}, at most 18 digits so that it surely fits in a long. */
    private Value integer() {
        boolean negative = pos < limit && chars[pos] == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (pos < limit && chars[pos] >= '0' && chars[pos] <= '9' && pos - digitsStart < 18) {
            value = 10 * value + (chars[pos] - '0');
            pos++;
        }
        if (pos == digitsStart || !atomEndsHere()) {
            return null;
        }
        if ((chars[digitsStart] == '0' && pos - digitsStart > 1) || (negative && value == 0)) {
            lastDeparture = pos;
        }
        return IntValue.of(negative ? -value : value);
    }

    /** Passes a string literal without escapes; false for one with escapes or unterminated. */
    private boolean plainString() {
        pos++;
        while (pos < limit && chars[pos] != '"') {
            if (chars[pos] == '\\') {
                return false;
            }
            pos++;
        }
        if (pos == limit) {
            return false;
        }
        pos++;
        return true;
    }

    private boolean atomEndsHere() {
        return pos == limit || WireLexer.isDelimiter(chars[pos]);
    }

    private boolean at(char c) {
        return pos < limit && chars[pos] == c;
    }

    private boolean take(char c) {
        if (!at(c)) {
            return false;
        }
        pos++;
        return true;
    }

    /** Skips blanks where the canonical form has {@code canonical} spaces (0 or 1). */
    private void blanks(int canonical) {
        expect(skipBlanks(), canonical);
    }

    /** Notes a departure unless a blank run just skipped was the canonical one. */
    private void expect(int skipped, int canonical) {
        if (skipped != canonical) {
            lastDeparture = pos;
        }
    }

    /**
     * Skips a run of blanks and gives its weight: its length, a blank other than a space
     * counting twice, so that only a single space weighs 1.
     */
    private int skipBlanks() {
        if (pos == limit || chars[pos] > ' ') {
            return 0;
        }
        int weight = 0;
        while (pos < limit && WireLexer.isBlank(chars[pos])) {
            weight += chars[pos] == ' ' ? 1 : 2;
            pos++;
        }
        return weight;
    }
}
