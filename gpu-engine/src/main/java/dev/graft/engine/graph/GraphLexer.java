package dev.graft.engine.graph;

import java.util.ArrayList;
import java.util.List;

/** Splits Graft's graph text into tokens, each with its line and column for messages. */
final class GraphLexer {

    enum Kind { NAME, STRING, NUMBER, PUNCT, END }

    record Token(Kind kind, String text, int line, int column) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        String where() {
            return line + ":" + column;
        }
    }

    private final String src;
    private final String source;
    private int pos;
    private int line = 1;
    private int lineStart;

    private GraphLexer(String src, String source) {
        this.src = src;
        this.source = source;
    }

    static List<Token> tokenize(String src, String source) {
        return new GraphLexer(src, source).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(Kind.END, "end of input", line, pos - lineStart + 1));
                return out;
            }
            out.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        int column = pos - lineStart + 1;
        char c = src.charAt(pos);
        if (c == '"') {
            return new Token(Kind.STRING, string(column), line, column);
        }
        if (c == '-' && pos + 1 < src.length() && src.charAt(pos + 1) == '>') {
            pos += 2;
            return new Token(Kind.PUNCT, "->", line, column);
        }
        if (c == ':' && pos + 1 < src.length() && src.charAt(pos + 1) == ':') {
            pos += 2;
            return new Token(Kind.PUNCT, "::", line, column);
        }
        if (Character.isDigit(c) || c == '-' || c == '+') {
            pos++;
            while (pos < src.length() && isNumberChar(src.charAt(pos), src.charAt(pos - 1))) {
                pos++;
            }
            if (src.startsWith("Infinity", pos) && pos - start == 1) {
                pos += "Infinity".length();
            }
            return new Token(Kind.NUMBER, src.substring(start, pos), line, column);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                    || src.charAt(pos) == '.')) {
                pos++;
            }
            return new Token(Kind.NAME, src.substring(start, pos), line, column);
        }
        if ("(){}[],=:?".indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.PUNCT, String.valueOf(c), line, column);
        }
        throw new GraphException(source + ":" + line + ":" + column + ": unexpected character '" + c + "'");
    }

    private static boolean isNumberChar(char c, char previous) {
        return Character.isDigit(c) || c == '.' || c == 'e' || c == 'E'
                || ((c == '-' || c == '+') && (previous == 'e' || previous == 'E'));
    }

    private String string(int column) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new GraphException(source + ":" + line + ":" + column + ": unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = pos < src.length() ? src.charAt(pos++) : '?';
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '"', '\\' -> sb.append(e);
                case 'u' -> {
                    sb.append((char) Integer.parseInt(src.substring(pos, Math.min(pos + 4, src.length())), 16));
                    pos += 4;
                }
                default -> throw new GraphException(source + ":" + line + ":" + column + ": bad escape '\\" + e + "'");
            }
        }
    }
}
