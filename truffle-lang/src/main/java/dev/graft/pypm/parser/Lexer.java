package dev.graft.pypm.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a source into tokens. {@code #} starts a comment to the end of the line.
 * Names are {@code [A-Za-z_][A-Za-z0-9_]*}; numbers are Python's decimal integers
 * and floats ({@code 1e-5}, {@code 0.5}); strings are single- or double-quoted with
 * the escapes {@code \\ \" \' \n \t}.
 */
public final class Lexer {
    private static final Map<String, TokenKind> KEYWORDS = new HashMap<>();
    private static final List<TokenKind> PUNCTUATION = new ArrayList<>();

    static {
        for (TokenKind k : TokenKind.values()) {
            String s = k.spelling();
            if (s == null) {
                continue;
            }
            if (Character.isLetter(s.charAt(0))) {
                KEYWORDS.put(s, k);
            } else {
                PUNCTUATION.add(k);
            }
        }
        // Longest spelling first, so "=>" wins over "=" and "<=" over "<".
        PUNCTUATION.sort((a, b) -> b.spelling().length() - a.spelling().length());
    }

    private final SourceText source;
    private final String text;
    private int pos;
    private int lineStart;
    private boolean lineHasToken;

    private Lexer(SourceText source) {
        this.source = source;
        this.text = source.text();
    }

    public static List<Token> tokenize(SourceText source) {
        return new Lexer(source).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (pos >= text.length()) {
                out.add(new Token(TokenKind.EOF, "", new Span(source, text.length(), text.length()), true));
                return out;
            }
            boolean startsLine = !lineHasToken && pos == lineStart;
            lineHasToken = true;
            out.add(next(startsLine));
        }
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                lineStart = pos;
                lineHasToken = false;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token next(boolean startsLine) {
        int start = pos;
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos);
            return token(KEYWORDS.getOrDefault(word, TokenKind.IDENT), word, start, startsLine);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            return number(start, startsLine);
        }
        if (c == '"' || c == '\'') {
            return string(c, start, startsLine);
        }
        for (TokenKind k : PUNCTUATION) {
            if (text.startsWith(k.spelling(), pos)) {
                pos += k.spelling().length();
                return token(k, k.spelling(), start, startsLine);
            }
        }
        throw new SourceError(new Span(source, start, start + 1), "unexpected character '" + c + "'");
    }

    private Token number(int start, boolean startsLine) {
        boolean isFloat = false;
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            isFloat = true;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int expStart = pos;
            digits();
            if (pos == expStart) {
                throw new SourceError(new Span(source, start, pos), "exponent has no digits");
            }
        }
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            throw new SourceError(new Span(source, pos, pos + 1), "a number runs into a name");
        }
        return token(isFloat ? TokenKind.FLOAT : TokenKind.INT, text.substring(start, pos), start, startsLine);
    }

    private void digits() {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private Token string(char quote, int start, boolean startsLine) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw new SourceError(new Span(source, start, pos), "string is not closed on its line");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw new SourceError(new Span(source, pos - 1, pos), "string is not closed on its line");
                }
                char e = text.charAt(pos++);
                value.append(switch (e) {
                    case '\\', '"', '\'' -> e;
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> throw new SourceError(new Span(source, pos - 2, pos), "unknown escape '\\" + e + "'");
                });
            } else {
                value.append(c);
            }
        }
        return new Token(TokenKind.STRING, value.toString(), new Span(source, start, pos), startsLine);
    }

    private Token token(TokenKind kind, String word, int start, boolean startsLine) {
        return new Token(kind, word, new Span(source, start, pos), startsLine);
    }
}
