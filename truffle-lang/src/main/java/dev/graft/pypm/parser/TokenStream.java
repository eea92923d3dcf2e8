package dev.graft.pypm.parser;

import java.util.List;

/**
 * A cursor over tokens that knows statement boundaries: inside a statement, a token
 * at the start of a line (column 1) reads as the end of the statement, so a
 * forgotten continuation indent is reported where the statement breaks off.
 */
final class TokenStream {
    private final List<Token> tokens;
    private int pos;
    private boolean inStatement;
    private int statementStart;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The kind of the next token, or {@link TokenKind#EOF} at a statement boundary. */
    TokenKind peek() {
        return peekAt(0);
    }

    /** The kind of the token {@code ahead} places on, {@link TokenKind#EOF} past a statement boundary. */
    TokenKind peekAt(int ahead) {
        for (int j = pos; j <= pos + ahead; j++) {
            Token t = tokens.get(Math.min(j, tokens.size() - 1));
            if (t.kind() == TokenKind.EOF || (inStatement && j != statementStart && t.startsLine())) {
                return TokenKind.EOF;
            }
        }
        return tokens.get(pos + ahead).kind();
    }

    Token current() {
        return tokens.get(pos);
    }

    boolean at(TokenKind kind) {
        return peek() == kind;
    }

    boolean accept(TokenKind kind) {
        if (at(kind)) {
            pos++;
            return true;
        }
        return false;
    }

    Token expect(TokenKind kind, String context) {
        if (!at(kind)) {
            throw unexpected(kind.describe() + " " + context);
        }
        return tokens.get(pos++);
    }

    Token advance() {
        return tokens.get(pos++);
    }

    /** The section from {@code start} to the end of the last token taken. */
    Span spanFrom(Span start) {
        Span last = tokens.get(Math.max(pos - 1, 0)).span();
        return start.to(last);
    }

    /** An error at the next token: {@code expected ..., found ...}. */
    SourceError unexpected(String expected) {
        Token t = current();
        String found = peek() == TokenKind.EOF && t.kind() != TokenKind.EOF
                ? "the next statement at the start of the line (indent continuation lines)"
                : t.describe();
        return new SourceError(t.span(), "expected " + expected + ", found " + found);
    }

    /** Begins a statement at the current token: later tokens at column 1 end it. */
    void beginStatement() {
        inStatement = true;
        statementStart = pos;
    }

    /** Whether every token has been taken. */
    boolean atEnd() {
        return tokens.get(pos).kind() == TokenKind.EOF;
    }

    /** After a statement: the next token must start a new line at column 1 (or be the end). */
    void endStatement() {
        Token t = tokens.get(pos);
        if (t.kind() != TokenKind.EOF && !t.startsLine()) {
            throw new SourceError(t.span(), "unexpected " + t.describe() + " after the end of the statement");
        }
        inStatement = false;
    }
}
