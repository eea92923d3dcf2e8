package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.NodeChild;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.runtime.GuardFailure;

/** {@code not g}: g must be a boolean; an error inside g is not negated into success. */
@NodeChild("operand")
public abstract class NotNode extends GuardNode {
    @Specialization
    protected boolean doBoolean(boolean b) {
        return !b;
    }

    @Fallback
    protected Object typeMismatch(Object operand) {
        throw GuardFailure.INSTANCE;
    }
}
