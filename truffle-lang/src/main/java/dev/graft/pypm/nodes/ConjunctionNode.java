package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.ArrayList;
import java.util.List;

/** {@code M(p1 & p2, t, s) = concat [M(p2, t, s') | s' <- M(p1, t, s)]}. */
public final class ConjunctionNode extends PatternNode {
    @Child private PatternNode left;
    @Child private PatternNode right;

    public ConjunctionNode(PatternNode left, PatternNode right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        List<Subst> first = new ArrayList<>();
        if (!left.match(t, s, env, fuel, first)) {
            return false;
        }
        for (int i = 0; i < first.size(); i++) {
            if (!right.match(t, first.get(i), env, fuel, out)) {
                return false;
            }
        }
        return true;
    }
}
