package dev.graft.pypm.core;

import java.nio.CharBuffer;

/**
 * Splits one wire-format line into tokens: parentheses, string literals and atoms. An
 * atom is classified by the reader (identifier, integer, guard operator) where it is
 * used, because the same text means different things in different positions.
 */
final class WireLexer {
    enum Kind { OPEN, CLOSE, STRING, ATOM, END }

    /** The line's characters, {@code chars[0, length)}, scanned directly: cheaper per character than String.charAt. */
    private final char[] chars;
    private final int length;
    private final AtomTable atoms;
    private int pos;
    /** The current token: its kind and 1-based column; an atom's text spans [column - 1, end). */
    Kind kind;
    int column;
    private int end;
    /** For a string: its text, unescaped. */
    String string;
    /** For an atom: whether it is an identifier {@code [A-Za-z_][A-Za-z0-9_.']*}, an integer {@code -?[0-9]+}. */
    boolean identifier;
    boolean integer;

    WireLexer(char[] chars, int length, AtomTable atoms) {
        this.chars = chars;
        this.length = length;
        this.atoms = atoms;
        advance();
    }

    /** The current token's text, for messages: an atom as written, a string unescaped. */
    String text() {
        return switch (kind) {
            case OPEN -> "(";
            case CLOSE -> ")";
            case STRING -> string;
            case ATOM -> new String(chars, column - 1, end - (column - 1));
            case END -> "end of line";
        };
    }

    /** The current atom as a name, interned: names recur throughout a request and across requests. */
    String name() {
        return atoms.intern(chars, column - 1, end);
    }

    /** Whether the current token is the atom {@code word}. */
    boolean is(String word) {
        if (kind != Kind.ATOM || end - (column - 1) != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (chars[column - 1 + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The current atom, which is an {@link #integer}, as a long; NumberFormatException beyond 64 bits. */
    long longValue() {
        return Long.parseLong(CharBuffer.wrap(chars), column - 1, end, 10);
    }

    /** The text of the line from the start of one token to the start of the current one. */
    String textSince(int tokenColumn) {
        return new String(chars, tokenColumn - 1, column - tokenColumn);
    }

    /** {@link #textSince}'s text, not copied: valid while the line is. */
    ProgramText textInPlaceSince(int tokenColumn) {
        return new ProgramText(chars, tokenColumn - 1, column - 1);
    }

    void advance() {
        while (pos < length && isBlank(chars[pos])) {
            pos++;
        }
        column = pos + 1;
        if (pos == length) {
            kind = Kind.END;
            return;
        }
        char c = chars[pos];
        if (c == '(' || c == ')') {
            kind = c == '(' ? Kind.OPEN : Kind.CLOSE;
            pos++;
        } else if (c == '"') {
            kind = Kind.STRING;
            string = string();
        } else {
            atom();
        }
    }

    /** Character classes of ASCII, looked up once per character of an atom. */
    private static final byte DELIMITER = 1;
    private static final byte WORD_START = 2;
    private static final byte WORD_PART = 4;
    private static final byte DIGIT = 8;
    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            byte cls = 0;
            if (c == '(' || c == ')' || c == '"' || isBlank(c)) {
                cls |= DELIMITER;
            }
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
                cls |= WORD_START | WORD_PART;
            }
            if (c >= '0' && c <= '9') {
                cls |= WORD_PART | DIGIT;
            }
            if (c == '.' || c == '\'') {
                cls |= WORD_PART;
            }
            CLASSES[c] = cls;
        }
    }

    /** Scans an atom, classifying it on the way so the reader need not scan it again. */
    private void atom() {
        int start = pos;
        if (chars[pos] == '-') {
            pos++;
        }
        int digitsStart = pos;
        int seen = DIGIT | WORD_PART;
        while (pos < length) {
            char c = chars[pos];
            int cls = c < 128 ? CLASSES[c] : 0;
            if ((cls & DELIMITER) != 0) {
                break;
            }
            seen &= cls;
            pos++;
        }
        kind = Kind.ATOM;
        end = pos;
        char first = chars[start];
        identifier = first < 128 && (CLASSES[first] & WORD_START) != 0 && (seen & WORD_PART) != 0;
        integer = (seen & DIGIT) != 0 && pos > digitsStart;
    }

    private String string() {
        pos++;
        int plainEnd = pos;
        while (plainEnd < length && chars[plainEnd] != '"' && chars[plainEnd] != '\\') {
            plainEnd++;
        }
        if (plainEnd < length && chars[plainEnd] == '"') {
            String plain = new String(chars, pos, plainEnd - pos);
            pos = plainEnd + 1;
            return plain;
        }
        StringBuilder out = new StringBuilder();
        while (pos < length) {
            char c = chars[pos++];
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos == length) {
                    break;
                }
                char escaped = chars[pos++];
                if (escaped != '"' && escaped != '\\') {
                    throw new MalformedRequestException("malformed request: bad escape \\" + escaped
                            + " in string at column " + (pos - 1) + " (only \\\" and \\\\ are escapes)");
                }
                out.append(escaped);
            } else {
                out.append(c);
            }
        }
        throw new MalformedRequestException("malformed request: unterminated string starting at column " + column);
    }

    static boolean isDelimiter(char c) {
        return c < 128 && (CLASSES[c] & DELIMITER) != 0;
    }

    static boolean isWordStart(char c) {
        return c < 128 && (CLASSES[c] & WORD_START) != 0;
    }

    static boolean isWordPart(char c) {
        return c < 128 && (CLASSES[c] & WORD_PART) != 0;
    }

    /** The line's characters, {@code [0, length())}, for a reader that scans past tokens (see {@link #moveTo}). */
    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    /** Where the current token starts, as an index into {@link #chars}. */
    int tokenStart() {
        return column - 1;
    }

    /**
     * The index just after the form (a bracketed list, an atom or a string) that starts at
     * or after index {@code from}, found by brackets and quotes alone, without tokens; -1
     * where the token reader would report something (an unbalanced bracket, a bad or
     * unterminated string, the end of the line).
     */
    int formEnd(int from) {
        int i = from;
        while (i < length && isBlank(chars[i])) {
            i++;
        }
        int depth = 0;
        do {
            if (i == length) {
                return -1;
            }
            char c = chars[i];
            if (c == '(' || c == ')') {
                depth += c == '(' ? 1 : -1;
                if (depth < 0) {
                    return -1;
                }
                i++;
            } else if (c == '"') {
                i = stringEnd(i);
                if (i < 0) {
                    return -1;
                }
            } else if (isBlank(c)) {
                i++;
            } else {
                while (i < length && !isDelimiter(chars[i])) {
                    i++;
                }
            }
        } while (depth > 0);
        return i;
    }

    /** Just after the string literal whose quote is at {@code quote}; -1 for a bad escape or no closing quote. */
    private int stringEnd(int quote) {
        for (int i = quote + 1; i < length; i++) {
            char c = chars[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 == length || (chars[i + 1] != '"' && chars[i + 1] != '\\')) {
                    return -1;
                }
                i++;
            }
        }
        return -1;
    }

    /** Continues with the token at or after index {@code position}. */
    void moveTo(int position) {
        pos = position;
        advance();
    }

    static boolean isBlank(char c) {
        // One comparison for the usual answer: every other character is above the space.
        return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    }

    /** A description of the current token for error messages. */
    String describe() {
        return switch (kind) {
            case END -> "end of line";
            case STRING -> "string " + WireWriter.quote(string);
            default -> "'" + text() + "'";
        };
    }
}
