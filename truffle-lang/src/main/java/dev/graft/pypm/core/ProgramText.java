package dev.graft.pypm.core;

import java.util.Arrays;

/**
 * A request's program text (its definitions and query), either in place in the request
 * line or as a copy of its own to keep ({@link ProgramIndex}).
 */
final class ProgramText {
    /** How many of a program's first characters its key is made of. */
    static final int KEY_CHARS = 16;

    private final char[] chars;
    private final int from;
    private final int to;

    /** The text {@code chars[from, to)}, in place: not to be kept past the line's use. */
    ProgramText(char[] chars, int from, int to) {
        this.chars = chars;
        this.from = from;
        this.to = to;
    }

    /** A text of its own, to keep: the line a text in place lies in is reused for the next request. */
    static ProgramText of(String text) {
        return new ProgramText(text.toCharArray(), 0, text.length());
    }

    int length() {
        return to - from;
    }

    /** The hash of the first {@link #KEY_CHARS} characters, or of all when there are fewer. */
    int key() {
        return key(chars, from, Math.min(to, from + KEY_CHARS));
    }

    /**
     * String.hashCode of {@code chars[from, to)}, four characters at a time: the same
     * polynomial, with one multiplication by 31^4 in the chain per four characters.
     */
    static int key(char[] chars, int from, int to) {
        int h = 0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            h = 923521 * h + 29791 * chars[i] + 961 * chars[i + 1] + 31 * chars[i + 2] + chars[i + 3];
        }
        for (; i < to; i++) {
            h = 31 * h + chars[i];
        }
        return h;
    }

    boolean sameText(ProgramText other) {
        return Arrays.equals(chars, from, to, other.chars, other.from, other.to);
    }

    /**
     * Whether the request line {@code line[0, length)} has this text at {@code at},
     * followed by a delimiter. Then this is the line's program: bracket matching over the
     * same characters ends its two forms at the same places, and the delimiter ends an
     * atom that ends the text.
     */
    boolean startsAt(char[] line, int at, int length) {
        int end = at + (to - from);
        return end < length && WireLexer.isDelimiter(line[end]) && Arrays.equals(chars, from, to, line, at, end);
    }

    @Override
    public String toString() {
        return new String(chars, from, to - from);
    }
}
