package dev.graft.pypm.core;

/**
 * Splits one wire-format line into tokens: parentheses, string literals and atoms. An
 * atom is classified by the reader (identifier, integer, guard operator) where it is
 * used, because the same text means different things in different positions.
 */
final class WireLexer {
    enum Kind { OPEN, CLOSE, STRING, ATOM, END }

    private final String line;
    private int pos;
    /** The current token: its kind, text (unescaped for strings) and 1-based column. */
    Kind kind;
    String text;
    int column;
    /** For an atom: whether it is an identifier {@code [A-Za-z_][A-Za-z0-9_.']*}, an integer {@code -?[0-9]+}. */
    boolean identifier;
    boolean integer;

    WireLexer(String line) {
        this.line = line;
        advance();
    }

    void advance() {
        while (pos < line.length() && isBlank(line.charAt(pos))) {
            pos++;
        }
        column = pos + 1;
        if (pos == line.length()) {
            kind = Kind.END;
            text = "end of line";
            return;
        }
        char c = line.charAt(pos);
        if (c == '(' || c == ')') {
            kind = c == '(' ? Kind.OPEN : Kind.CLOSE;
            text = c == '(' ? "(" : ")";
            pos++;
        } else if (c == '"') {
            kind = Kind.STRING;
            text = string();
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
        int length = line.length();
        if (line.charAt(pos) == '-') {
            pos++;
        }
        int digitsStart = pos;
        int seen = DIGIT | WORD_PART;
        while (pos < length) {
            char c = line.charAt(pos);
            int cls = c < 128 ? CLASSES[c] : 0;
            if ((cls & DELIMITER) != 0) {
                break;
            }
            seen &= cls;
            pos++;
        }
        kind = Kind.ATOM;
        text = line.substring(start, pos);
        char first = line.charAt(start);
        identifier = first < 128 && (CLASSES[first] & WORD_START) != 0 && (seen & WORD_PART) != 0;
        integer = (seen & DIGIT) != 0 && pos > digitsStart;
    }

    private String string() {
        pos++;
        int plainEnd = pos;
        while (plainEnd < line.length() && line.charAt(plainEnd) != '"' && line.charAt(plainEnd) != '\\') {
            plainEnd++;
        }
        if (plainEnd < line.length() && line.charAt(plainEnd) == '"') {
            String plain = line.substring(pos, plainEnd);
            pos = plainEnd + 1;
            return plain;
        }
        StringBuilder out = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos == line.length()) {
                    break;
                }
                char escaped = line.charAt(pos++);
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

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** A description of the current token for error messages. */
    String describe() {
        return switch (kind) {
            case END -> "end of line";
            case STRING -> "string " + WireWriter.quote(text);
            default -> "'" + text + "'";
        };
    }
}
