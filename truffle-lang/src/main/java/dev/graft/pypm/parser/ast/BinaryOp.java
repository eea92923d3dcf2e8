package dev.graft.pypm.parser.ast;

/** Binary operators of expressions, with their spelling. */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    IN("in"), AND("and"), OR("or");

    private final String spelling;

    BinaryOp(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }
}
