package dev.graft.pypm.parser;

/**
 * One token. {@code startsLine} is set on the first token of a line at column 1:
 * such a token starts a new statement (statements continue on indented lines).
 */
public record Token(TokenKind kind, String text, Span span, boolean startsLine) {

    public String describe() {
        return switch (kind) {
            case IDENT, INT, FLOAT -> "'" + text + "'";
            case STRING -> "string \"" + text + "\"";
            default -> kind.describe();
        };
    }
}
