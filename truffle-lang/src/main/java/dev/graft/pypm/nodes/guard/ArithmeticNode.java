package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.core.BinaryOp;
import dev.graft.pypm.runtime.GuardFailure;

/**
 * {@code + - * / %} on 64-bit integers ({@link BinaryOp#applyExact}); overflow and
 * division by zero make the guard false.
 */
public abstract class ArithmeticNode extends BinaryGuardNode {
    private final BinaryOp op;

    protected ArithmeticNode(BinaryOp op) {
        this.op = op;
    }

    @Specialization
    protected long doLong(long a, long b) {
        try {
            return op.applyExact(a, b);
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
