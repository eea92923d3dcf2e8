package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.core.BinaryOp;
import dev.graft.pypm.runtime.GuardFailure;

/**
 * {@code + - * / %} on 64-bit integers. Overflow and division by zero are errors (the
 * spec's integers are unbounded, so a wrapped result would be wrong); {@code /} and
 * {@code %} truncate toward zero, as Java's do.
 */
public abstract class ArithmeticNode extends BinaryGuardNode {
    private final BinaryOp op;

    protected ArithmeticNode(BinaryOp op) {
        this.op = op;
    }

    @Specialization
    protected long doLong(long a, long b) {
        try {
            return switch (op) {
                case ADD -> Math.addExact(a, b);
                case SUB -> Math.subtractExact(a, b);
                case MUL -> Math.multiplyExact(a, b);
                case DIV -> Math.divideExact(a, b);
                case MOD -> a % b;
                default -> throw GuardFailure.INSTANCE;
            };
        } catch (ArithmeticException e) {
            throw GuardFailure.INSTANCE;
        }
    }

    /** Anything but two integers is a type mismatch. */
    @Fallback
    protected Object typeMismatch(Object a, Object b) {
        throw GuardFailure.INSTANCE;
    }
}
