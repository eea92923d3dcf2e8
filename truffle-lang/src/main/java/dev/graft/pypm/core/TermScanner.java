package dev.graft.pypm.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a well-formed term in one pass over the characters, without tokens: most of a
 * core-mode request is its term, and this is where reading spends its time. It accepts
 * only what {@link WireReader} accepts and builds the same term; anything else (any
 * error, a string with an escape, an integer of more than 18 digits, a repeated
 * attribute) makes it give up, and the wire reader reads the term token by token and
 * says what is wrong.
 *
 * <p>A term whose text is already in the canonical form that {@link WireWriter} writes
 * (one space between items, none inside brackets, attributes sorted, integers without
 * leading zeros) keeps that text ({@link TreeTerm#hasText}): answers copy it instead of
 * writing the term again, and two such terms are equal when their texts are. The
 * scanner counts the places where the text departs from that form; a term is canonical
 * when none lies within it.
 */
final class TermScanner {
    private final char[] chars;
    private final int limit;
    private final AtomTable names;
    private int pos;
    /** Children read but not yet given to their term, as in {@link WireReader}. */
    private Term[] pending = new Term[16];
    private int pendingSize;
    /** The attributes of the list being read, names and values side by side (attribute lists do not nest). */
    private String[] attributeNames = new String[8];
    private Value[] attributeValues = new Value[8];
    /** Departures from the canonical form seen so far. */
    private int departures;

    /** Scans {@code chars[start, limit)}. */
    TermScanner(char[] chars, int start, int limit, AtomTable names) {
        this.chars = chars;
        this.limit = limit;
        this.pos = start;
        this.names = names;
    }

    /** Where the scan stopped: just after the term, once {@link #term} has returned one. */
    int position() {
        return pos;
    }

    /** The term {@code (OP ((name value) ...) term ...)} starting here, or null to let the wire reader read it. */
    Term term() {
        skipBlanks();
        return scanTerm();
    }

    private Term scanTerm() {
        int start = pos;
        int departuresBefore = departures;
        if (!take('(')) {
            return null;
        }
        blanks(0);
        String op = name();
        if (op == null) {
            return null;
        }
        blanks(1);
        if (!take('(')) {
            return null;
        }
        Attributes attributes = attributes();
        if (attributes == null) {
            return null;
        }
        int first = pendingSize;
        int skipped = skipBlanks();
        for (; at('('); skipped = skipBlanks()) {
            expect(skipped, 1);
            Term child = scanTerm();
            if (child == null) {
                return null;
            }
            if (pendingSize == pending.length) {
                pending = Arrays.copyOf(pending, 2 * pendingSize);
            }
            pending[pendingSize++] = child;
        }
        expect(skipped, 0);
        if (!take(')')) {
            return null;
        }
        Term[] children = pendingSize == first ? TreeTerm.NO_CHILDREN : Arrays.copyOfRange(pending, first, pendingSize);
        pendingSize = first;
        return departures == departuresBefore ? TreeTerm.scanned(op, attributes, children, chars, start, pos)
                : TreeTerm.owning(op, attributes, children);
    }

    /** The attribute list after its '(', through its ')'. */
    private Attributes attributes() {
        int skipped = skipBlanks();
        if (take(')')) {
            expect(skipped, 0);
            return Attributes.EMPTY;
        }
        int size = 0;
        for (; at('('); skipped = skipBlanks()) {
            expect(skipped, size == 0 ? 0 : 1);
            pos++;
            blanks(0);
            String name = name();
            if (name == null) {
                return null;
            }
            blanks(1);
            Value value = value();
            blanks(0);
            if (value == null || !take(')')) {
                return null;
            }
            if (size == attributeNames.length) {
                attributeNames = Arrays.copyOf(attributeNames, 2 * size);
                attributeValues = Arrays.copyOf(attributeValues, 2 * size);
            }
            attributeNames[size] = name;
            attributeValues[size++] = value;
        }
        expect(skipped, 0);
        if (!take(')')) {
            return null;
        }
        if (size == 1 && attributeValues[0] instanceof IntValue small && IntValue.isShared(small.value())) {
            return names.single(attributeNames[0], small);
        }
        String[] read = Arrays.copyOf(attributeNames, size);
        Value[] values = Arrays.copyOf(attributeValues, size);
        for (int i = 1; i < size; i++) {
            if (read[i - 1].compareTo(read[i]) >= 0) {
                departures++;
                try {
                    return Attributes.sortInPlace(read, values);
                } catch (IllegalArgumentException repeatedName) {
                    return null;
                }
            }
        }
        return Attributes.ofSorted(read, values);
    }

    private Value value() {
        if (at('"')) {
            String s = plainString();
            return s == null ? null : new StringValue(s);
        }
        if (!take('(')) {
            return integer();
        }
        blanks(0);
        if (!word("list")) {
            return null;
        }
        List<Value> elements = new ArrayList<>();
        int skipped = skipBlanks();
        for (; !take(')'); skipped = skipBlanks()) {
            expect(skipped, 1);
            Value element = value();
            if (element == null) {
                return null;
            }
            elements.add(element);
        }
        expect(skipped, 0);
        return new ListValue(elements);
    }

    /** An identifier {@code [A-Za-z_][A-Za-z0-9_.']*} ending where an atom ends, interned. */
    private String name() {
        char[] text = chars;
        int start = pos;
        int end = start;
        if (end == limit || !WireLexer.isWordStart(text[end])) {
            return null;
        }
        // String.hashCode's polynomial, taken on the way for the name table
        int hash = 0;
        do {
            hash = 31 * hash + text[end++];
        } while (end < limit && WireLexer.isWordPart(text[end]));
        pos = end;
        return atomEndsHere() ? names.intern(text, start, end, hash) : null;
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
            departures++;
        }
        return IntValue.of(negative ? -value : value);
    }

    /** A string literal without escapes, unquoted; null for one with escapes or unterminated. */
    private String plainString() {
        int start = ++pos;
        while (pos < limit && chars[pos] != '"') {
            if (chars[pos] == '\\') {
                return null;
            }
            pos++;
        }
        if (pos == limit) {
            return null;
        }
        return new String(chars, start, pos++ - start);
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

    /** Counts a departure unless a blank run just skipped was the canonical one. */
    private void expect(int skipped, int canonical) {
        if (skipped != canonical) {
            departures++;
        }
    }

    /**
     * Skips a run of blanks and gives its weight: its length, a blank other than a space
     * counting twice, so that only a single space weighs 1.
     */
    private int skipBlanks() {
        int weight = 0;
        while (pos < limit && WireLexer.isBlank(chars[pos])) {
            weight += chars[pos] == ' ' ? 1 : 2;
            pos++;
        }
        return weight;
    }
}
