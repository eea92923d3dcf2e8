package dev.graft.pypm.core;

/** The strict binary operators of guards (CORE-SPEC section 4); {@code and}/{@code or} short-circuit and are separate. */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as the wire format writes it. */
    public String symbol() {
        return symbol;
    }

    /** The operator written {@code symbol}, or null. */
    public static BinaryOp bySymbol(String symbol) {
        for (BinaryOp op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        return null;
    }
}
