package dev.graft.pypm.nodes;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.Terms;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * A term variable that is a free variable of the query or an {@code exists} local:
 * binds it, or, when bound, matches only an equal term (nonlinear matching).
 */
public final class VariableNode extends PatternNode implements NamesVariable {
    private final VariableRef ref;

    public VariableNode(VariableRef ref) {
        this.ref = ref;
    }

    @Override
    public VariableRef ref() {
        return ref;
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        var slot = ref.resolve(env);
        Object bound = s.lookup(slot);
        if (bound == null) {
            out.add(s.bind(slot, t));
        } else if (equal((Term) bound, t)) {
            out.add(s);
        }
        return true;
    }

    /** Equality walks whole terms: a loop with its own work list, kept out of compiled pattern code. */
    @TruffleBoundary
    private static boolean equal(Term a, Term b) {
        return Terms.equal(a, b);
    }
}
