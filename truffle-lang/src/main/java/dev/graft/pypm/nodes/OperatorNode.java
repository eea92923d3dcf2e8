package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/** {@code f(p1..pn)}: no result unless the op name is f and the arity is n; attributes are not looked at. */
public final class OperatorNode extends PatternNode {
    private final String op;
    @Child private ChildrenNode children;

    public OperatorNode(String op, PatternNode[] children) {
        this.op = op;
        this.children = new ChildrenNode(children);
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        // The name first: most terms an operator pattern meets have another op.
        return !t.hasOp(op) || t.arity() != children.arity() || children.match(t, s, env, fuel, out);
    }

    @Override
    void markTailCalls(DefinitionRoot definition) {
        children.markTailCalls(definition);
    }
}
