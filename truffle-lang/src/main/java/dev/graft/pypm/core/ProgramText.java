package dev.graft.pypm.core;

import java.util.Arrays;

/**
 * A request's program text as a map key, either over the request line in place (to look
 * a program up without copying its characters into a String) or over a copy of its own
 * (to keep in the map). Two are equal when their characters are; the hash is
 * String.hashCode's, made once.
 */
final class ProgramText {
    private final char[] chars;
    private final int from;
    private final int to;
    private final int hash;

    /** The text {@code chars[from, to)}, in place: not to be kept past the line's use. */
    ProgramText(char[] chars, int from, int to) {
        this.chars = chars;
        this.from = from;
        this.to = to;
        this.hash = hash(chars, from, to);
    }

    /**
     * String.hashCode of the characters, four at a time: the same polynomial, with one
     * multiplication by 31^4 in the chain per four characters instead of four in a row.
     */
    static int hash(char[] chars, int from, int to) {
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

    /** A key of its own, to keep: the line a looked-up text lies in is reused for the next request. */
    static ProgramText of(String text) {
        return new ProgramText(text.toCharArray(), 0, text.length());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProgramText that && hash == that.hash
                && Arrays.equals(chars, from, to, that.chars, that.from, that.to);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(chars, from, to - from);
    }
}
