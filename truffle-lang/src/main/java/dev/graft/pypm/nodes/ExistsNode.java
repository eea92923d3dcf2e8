package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Slot;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * {@code exists x. p} (and {@code exists ?F. p}): the body sees a fresh slot for the
 * binder, so it neither sees nor disturbs an outer x; dropping the fresh slot from each
 * result is {@code restore} of CORE-SPEC section 5.
 */
public final class ExistsNode extends PatternNode {
    private final String name;
    private final int binder;
    @Child private PatternNode body;

    public ExistsNode(String name, int binder, PatternNode body) {
        this.name = name;
        this.binder = binder;
        this.body = body;
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        Slot fresh = new Slot(name, s);
        env.setLocal(binder, fresh);
        // The body's results go straight to out and are restored in place: no list per entry.
        int first = out.size();
        if (!body.match(t, s, env, fuel, out)) {
            return false;
        }
        for (int i = first; i < out.size(); i++) {
            out.set(i, out.get(i).without(fresh));
        }
        return true;
    }
}
