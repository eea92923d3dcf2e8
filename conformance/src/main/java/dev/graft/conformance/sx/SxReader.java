package dev.graft.conformance.sx;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one S-expression from a line of wire text. Only {@code \"} and
 * {@code \\} are escapes, as CORE-SPEC section 8 says; anything else in a string
 * passes through.
 */
public final class SxReader {
    private final String text;
    private int pos;

    private SxReader(String text) {
        this.text = text;
    }

    /** Reads the whole line as exactly one expression. */
    public static Sx read(String line) {
        SxReader reader = new SxReader(line);
        Sx result = reader.next();
        reader.skipBlanks();
        if (reader.pos != line.length()) {
            throw new SxSyntaxError("text after the expression", reader.pos);
        }
        return result;
    }

    private Sx next() {
        skipBlanks();
        if (pos >= text.length()) {
            throw new SxSyntaxError("unexpected end of line", pos);
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            List<Sx> items = new ArrayList<>();
            while (true) {
                skipBlanks();
                if (pos >= text.length()) {
                    throw new SxSyntaxError("missing ')'", pos);
                }
                if (text.charAt(pos) == ')') {
                    pos++;
                    return new Sx.Lst(items);
                }
                items.add(next());
            }
        }
        if (c == ')') {
            throw new SxSyntaxError("unexpected ')'", pos);
        }
        if (c == '"') {
            return string();
        }
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            pos++;
        }
        return new Sx.Atom(text.substring(start, pos));
    }

    private Sx string() {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return new Sx.Str(value.toString());
            }
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\\')) {
                c = text.charAt(pos++);
            }
            value.append(c);
        }
        throw new SxSyntaxError("unterminated string", start);
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '(' || c == ')' || c == '"';
    }
}
