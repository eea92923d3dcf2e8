package dev.graft.pypm.nodes;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/** {@code M(_, t, s) = [s]}. */
public final class WildcardNode extends PatternNode {
    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        out.add(s);
        return true;
    }
}
