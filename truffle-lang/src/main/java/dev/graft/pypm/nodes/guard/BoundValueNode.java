package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.frame.VirtualFrame;
import dev.graft.pypm.nodes.GuardFrame;
import dev.graft.pypm.nodes.VariableRef;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.GuardFailure;
import dev.graft.pypm.runtime.Subst;

/**
 * A guard reading what a variable is bound to ({@code x.op}, {@code x.attr},
 * {@code x.arity}, {@code ?F}) in the substitution the guarded pattern produced. An
 * unbound variable is an error.
 */
public abstract class BoundValueNode extends GuardNode {
    private final VariableRef ref;

    protected BoundValueNode(VariableRef ref) {
        this.ref = ref;
    }

    @Override
    public final Object execute(VirtualFrame frame) {
        Subst s = GuardFrame.subst(frame);
        Env env = GuardFrame.env(frame);
        Object bound = s.lookup(ref.resolve(env));
        if (bound == null) {
            throw GuardFailure.INSTANCE;
        }
        return project(bound);
    }

    /** The guard value drawn from the bound term (or, for a function variable, op name). */
    protected abstract Object project(Object bound);
}
