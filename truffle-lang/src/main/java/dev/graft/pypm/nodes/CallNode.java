package dev.graft.pypm.nodes;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
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
    /**
     * Whether argument i is the caller's parameter i, for every i: a recursive call
     * passing its parameters on (vacuously, a call without arguments).
     */
    private final boolean forwardsInOrder;
    /**
     * A call of its own definition, in tail position, whose activation would be the
     * caller's: the body run again on another term with the same substitution, result
     * list and activation, which the definition's loop does without a call.
     */
    @CompilationFinal private boolean stepOfLoop;

    public CallNode(DefinitionRoot callee, PatternNode[] args) {
        this.callee = callee;
        this.call = DirectCallNode.create(callee.getCallTarget());
        this.args = args;
        boolean inOrder = true;
        for (int i = 0; i < args.length; i++) {
            inOrder &= args[i] instanceof ParameterNode parameter && parameter.index() == i;
        }
        this.forwardsInOrder = inOrder;
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
        fuel.spend();
        if (stepOfLoop) {
            fuel.continueWith(t);
            return true;
        }
        boolean finished = call.call(t, s, activation(env), fuel, out) == Boolean.TRUE;
        fuel.giveBack();
        return finished;
    }

    @Override
    void markTailCalls(DefinitionRoot definition) {
        // A call of its own definition passes as many arguments as its caller was given.
        stepOfLoop = callee == definition && takesCallersActivation(args.length);
    }

    /**
     * Whether the callee, called from an activation of {@code callerArity} arguments,
     * would get an activation equal to the caller's in all it reads: it has no binders
     * and is given exactly the caller's arguments. The caller's then serves.
     */
    private boolean takesCallersActivation(int callerArity) {
        return forwardsInOrder && callee.binders() == 0 && callerArity == args.length;
    }

    /** The callee's activation: the caller's where it serves, so a recursion over a list makes none per step. */
    @ExplodeLoop
    private Env activation(Env env) {
        if (takesCallersActivation(env.arity())) {
            return env;
        }
        Thunk[] thunks = args.length == 0 ? Env.noArgs() : new Thunk[args.length];
        for (int i = 0; i < args.length; i++) {
            thunks[i] = args[i] instanceof ParameterNode forwarded ? env.arg(forwarded.index()) : new Thunk(args[i], env);
        }
        return Env.of(thunks, callee.binders());
    }
}
