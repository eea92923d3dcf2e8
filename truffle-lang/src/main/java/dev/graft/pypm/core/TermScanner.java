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
 */
final class TermScanner {
    private final char[] chars;
    private final AtomTable names;
    private int pos;
    /** Children read but not yet given to their term, as in {@link WireReader}. */
    private Term[] pending = new Term[16];
    private int pendingSize;

    TermScanner(char[] chars, int start, AtomTable names) {
        this.chars = chars;
        this.pos = start;
        this.names = names;
    }

    /** Where the scan stopped: just after the term, once {@link #term} has returned one. */
    int position() {
        return pos;
    }

    /** The term {@code (OP ((name value) ...) term ...)} starting here, or null to let the wire reader read it. */
    Term term() {
        if (!take('(')) {
            return null;
        }
        String op = name();
        if (op == null || !take('(')) {
            return null;
        }
        Attributes attributes = attributes();
        if (attributes == null) {
            return null;
        }
        int first = pendingSize;
        while (peek() == '(') {
            Term child = term();
            if (child == null) {
                return null;
            }
            if (pendingSize == pending.length) {
                pending = Arrays.copyOf(pending, 2 * pendingSize);
            }
            pending[pendingSize++] = child;
        }
        if (!take(')')) {
            return null;
        }
        Term[] children = Arrays.copyOfRange(pending, first, pendingSize);
        pendingSize = first;
        return TreeTerm.owning(op, attributes, children);
    }

    /** The attribute list after its '(', through its ')'. */
    private Attributes attributes() {
        if (take(')')) {
            return Attributes.EMPTY;
        }
        String[] attributeNames = new String[2];
        Value[] values = new Value[2];
        int size = 0;
        while (take('(')) {
            String name = name();
            Value value = name == null ? null : value();
            if (value == null || !take(')')) {
                return null;
            }
            if (size == attributeNames.length) {
                attributeNames = Arrays.copyOf(attributeNames, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            attributeNames[size] = name;
            values[size++] = value;
        }
        if (!take(')')) {
            return null;
        }
        try {
            return Attributes.sortInPlace(Arrays.copyOf(attributeNames, size), Arrays.copyOf(values, size));
        } catch (IllegalArgumentException repeatedName) {
            return null;
        }
    }

    private Value value() {
        char c = peek();
        if (c == '"') {
            String s = plainString();
            return s == null ? null : new StringValue(s);
        }
        if (c != '(') {
            return integer();
        }
        pos++;
        if (!word("list")) {
            return null;
        }
        List<Value> elements = new ArrayList<>();
        while (peek() != ')') {
            Value element = value();
            if (element == null) {
                return null;
            }
            elements.add(element);
        }
        pos++;
        return new ListValue(elements);
    }

    /** An identifier {@code [A-Za-z_][A-Za-z0-9_.']*} ending where an atom ends, interned. */
    private String name() {
        skipBlanks();
        int start = pos;
        if (pos == chars.length || !WireLexer.isWordStart(chars[pos])) {
            return null;
        }
        do {
            pos++;
        } while (pos < chars.length && WireLexer.isWordPart(chars[pos]));
        return atomEndsHere() ? names.intern(chars, start, pos) : null;
    }

    /** The atom {@code word}. */
    private boolean word(String word) {
        skipBlanks();
        int start = pos;
        while (pos < chars.length && pos - start < word.length() && chars[pos] == word.charAt(pos - start)) {
            pos++;
        }
        return pos - start == word.length() && atomEndsHere();
    }

    /** {@code -?[0-9]+}, at most 18 digits so that it surely fits in a long. */
    private Value integer() {
        skipBlanks();
        boolean negative = pos < chars.length && chars[pos] == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (pos < chars.length && chars[pos] >= '0' && chars[pos] <= '9' && pos - digitsStart < 18) {
            value = 10 * value + (chars[pos] - '0');
            pos++;
        }
        if (pos == digitsStart || !atomEndsHere()) {
            return null;
        }
        return new IntValue(negative ? -value : value);
    }

    /** A string literal without escapes, unquoted; null for one with escapes or unterminated. */
    private String plainString() {
        int start = ++pos;
        while (pos < chars.length && chars[pos] != '"') {
            if (chars[pos] == '\\') {
                return null;
            }
            pos++;
        }
        if (pos == chars.length) {
            return null;
        }
        return new String(chars, start, pos++ - start);
    }

    private boolean atomEndsHere() {
        return pos == chars.length || WireLexer.isDelimiter(chars[pos]);
    }

    /** The next non-blank character, not taken; 0 at the end of the line. */
    private char peek() {
        skipBlanks();
        return pos < chars.length ? chars[pos] : 0;
    }

    private boolean take(char bracket) {
        if (peek() != bracket) {
            return false;
        }
        pos++;
        return true;
    }

    private void skipBlanks() {
        while (pos < chars.length && WireLexer.isBlank(chars[pos])) {
            pos++;
        }
    }
}
