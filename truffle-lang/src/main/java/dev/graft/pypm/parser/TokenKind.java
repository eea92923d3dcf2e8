package dev.graft.pypm.parser;

/** The kinds of tokens of the surface syntax; punctuation and keywords carry their spelling. */
public enum TokenKind {
    IDENT, INT, FLOAT, STRING, EOF,
    LPAREN("("), RPAREN(")"), LBRACKET("["), RBRACKET("]"), COMMA(","), COLON(":"),
    ASSIGN("="), ARROW("=>"), BAR("|"), AMP("&"), DOT("."), QUESTION("?"),
    PLUS("+"), MINUS("-"), STAR("*"), SLASH("/"), PERCENT("%"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    PATTERN("pattern"), RULE("rule"), IMPORT("import"), FROM("from"), MATCH("match"),
    IF("if"), ELSE("else"), WHERE("where"), AS("as"), EXISTS("exists"),
    AND("and"), OR("or"), NOT("not"), IN("in"), PRIORITY("priority"),
    TRUE("True"), FALSE("False"), NONE("None");

    private final String spelling;

    TokenKind() {
        this.spelling = null;
    }

    TokenKind(String spelling) {
        this.spelling = spelling;
    }

    /** The fixed text of a keyword or punctuation token; {@code null} for the others. */
    public String spelling() {
        return spelling;
    }

    /** How a message names a token of this kind. */
    public String describe() {
        return switch (this) {
            case IDENT -> "a name";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case STRING -> "a string";
            case EOF -> "end of file";
            default -> "'" + spelling + "'";
        };
    }
}
