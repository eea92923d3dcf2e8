package dev.graft.pypm.nodes;

import com.oracle.truffle.api.nodes.DirectCallNode;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import dev.graft.pypm.runtime.Thunk;
import java.util.List;

/**
 * {@code P(p1..pk)}: with no fuel left the answer is Exhausted; otherwise the body runs
 * with one unit less, its parameters standing for the unevaluated arguments
 * (call-by-name) in the caller's activation. The callee's result is a Boolean: false
 * for Exhausted, as {@link PatternNode#match} gives it.
 */
public final class CallNode extends PatternNode {
    private final DefinitionRoot callee;
    @Child private DirectCallNode call;
    @Children private final PatternNode[] args;

    public CallNode(DefinitionRoot callee, PatternNode[] args) {
        this.callee = callee;
        this.call = DirectCallNode.create(callee.getCallTarget());
        this.args = args;
    }

    /**
     * An argument that is the caller's own parameter passes the caller's thunk on, rather
     * than a thunk of a thunk: matching it is the same, and a parameter threaded through
     * n recursive calls then costs one step instead of n.
     */
    @Override
    @ExplodeLoop
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        if (fuel.isEmpty()) {
            return false;
        }
        Thunk[] thunks = args.length == 0 ? Env.noArgs() : new Thunk[args.length];
        for (int i = 0; i < args.length; i++) {
            thunks[i] = args[i] instanceof ParameterNode forwarded ? env.arg(forwarded.index()) : new Thunk(args[i], env);
        }
        fuel.spend();
        boolean finished = call.call(t, s, Env.of(thunks, callee.binders()), fuel, out) == Boolean.TRUE;
        fuel.giveBack();
        return finished;
    }
}
