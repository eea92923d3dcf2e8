package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.nodes.guard.GuardNode;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.GuardFailure;
import dev.graft.pypm.runtime.Subst;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code p where g}: keeps the results of p under which g evaluates to {@code true}.
 * Any evaluation error anywhere in g makes it false (CORE-SPEC section 4).
 */
public final class GuardedNode extends PatternNode {
    @Child private PatternNode pattern;
    @Child private GuardNode guard;

    public GuardedNode(PatternNode pattern, GuardNode guard) {
        this.pattern = pattern;
        this.guard = guard;
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        List<Subst> candidates = new ArrayList<>();
        if (!pattern.match(t, s, env, fuel, candidates)) {
            return false;
        }
        for (Subst candidate : candidates) {
            if (passes(candidate, env)) {
                out.add(candidate);
            }
        }
        return true;
    }

    private boolean passes(Subst s, Env env) {
        try {
            return guard.execute(GuardFrame.create(s, env)) == Boolean.TRUE;
        } catch (GuardFailure e) {
            return false;
        }
    }
}
