package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Slot;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * {@code ?F(p1..pn)}: like an operator pattern whose name is F's binding. F is bound
 * before the children are matched, so a guard inside a child already sees it.
 */
public final class FunctionVariableNode extends PatternNode {
    private final VariableRef ref;
    @Child private ChildrenNode children;

    public FunctionVariableNode(VariableRef ref, PatternNode[] children) {
        this.ref = ref;
        this.children = new ChildrenNode(children);
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        if (t.arity() != children.arity()) {
            return true;
        }
        Slot slot = ref.resolve(env);
        Object bound = s.lookup(slot);
        if (bound == null) {
            return children.match(t, s.bind(slot, t.op()), env, fuel, out);
        }
        return !bound.equals(t.op()) || children.match(t, s, env, fuel, out);
    }
}
