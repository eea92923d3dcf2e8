package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.profiles.ConditionProfile;
import dev.graft.pypm.runtime.GuardFailure;

/**
 * {@code and} / {@code or}, short-circuit, left to right: the left operand must be a
 * boolean; the right one is evaluated (and must be a boolean) only when it decides the
 * result, so {@code true or 1/0} is true.
 */
public final class LogicalNode extends GuardNode {
    private final boolean isAnd;
    @Child private GuardNode left;
    @Child private GuardNode right;
    private final ConditionProfile evaluateRight = ConditionProfile.create();

    public LogicalNode(boolean isAnd, GuardNode left, GuardNode right) {
        this.isAnd = isAnd;
        this.left = left;
        this.right = right;
    }

    @Override
    public Object execute(VirtualFrame frame) {
        boolean l = asBoolean(left.execute(frame));
        if (evaluateRight.profile(l == isAnd)) {
            return asBoolean(right.execute(frame));
        }
        return l;
    }

    private static boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw GuardFailure.INSTANCE;
    }
}
