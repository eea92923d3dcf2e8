package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import dev.graft.pypm.runtime.Thunk;
import java.util.List;

/**
 * A parameter in a definition body: call-by-name, so the argument pattern is matched
 * here, in its caller's activation, with the fuel left at this point (a call inside an
 * argument is charged where the argument lands).
 */
public final class ParameterNode extends PatternNode implements NamesVariable {
    private final int index;

    public ParameterNode(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    @Override
    public VariableRef ref() {
        return new VariableRef.Param(index);
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        Thunk arg = env.arg(index);
        return arg.pattern().match(t, s, arg.env(), fuel, out);
    }
}
