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

    /**
     * {@code + - * / %} on 64-bit integers, for guards and for attributes that rules
     * compute. Overflow and division by zero throw {@link ArithmeticException}: the spec's
     * integers are unbounded, so a wrapped result would be wrong. {@code /} and {@code %}
     * truncate toward zero, as Java's do.
     */
    public long applyExact(long a, long b) {
        return switch (this) {
            case ADD -> Math.addExact(a, b);
            case SUB -> Math.subtractExact(a, b);
            case MUL -> Math.multiplyExact(a, b);
            case DIV -> Math.divideExact(a, b);
            case MOD -> a % b;
            default -> throw new IllegalStateException(symbol + " is not arithmetic");
        };
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
