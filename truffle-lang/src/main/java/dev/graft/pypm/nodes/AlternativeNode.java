package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/** {@code M(p1 | p2, t, s) = M(p1, t, s) ++ M(p2, t, s)}; both sides get the same fuel. */
public final class AlternativeNode extends PatternNode {
    @Child private PatternNode left;
    @Child private PatternNode right;

    public AlternativeNode(PatternNode left, PatternNode right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        return left.match(t, s, env, fuel, out) && right.match(t, s, env, fuel, out);
    }

    @Override
    void markTailCalls(DefinitionRoot definition) {
        right.markTailCalls(definition);
    }
}
