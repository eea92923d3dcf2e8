package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.core.BinaryOp;
import dev.graft.pypm.runtime.GuardFailure;

/** {@code < <= > >=}: defined on two integers only. */
public abstract class CompareNode extends BinaryGuardNode {
    private final BinaryOp op;

    protected CompareNode(BinaryOp op) {
        this.op = op;
    }

    @Specialization
    protected boolean doLong(long a, long b) {
        return switch (op) {
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            default -> throw GuardFailure.INSTANCE;
        };
    }

    /** Ordering anything but two integers is a type mismatch. */
    @Fallback
    protected Object typeMismatch(Object a, Object b) {
        throw GuardFailure.INSTANCE;
    }
}
