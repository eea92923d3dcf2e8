package dev.graft.pypm.nodes;

import com.oracle.truffle.api.nodes.Node;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * A pattern as an executable node: {@code M_fuel(p, t, s)} of CORE-SPEC section 5, with
 * the results appended to {@code out} in order. Exhaustion unwinds as
 * {@link dev.graft.pypm.runtime.ExhaustedException}, since it makes the whole answer
 * Exhausted. {@code env} is the activation that the pattern's variables belong to.
 */
public abstract class PatternNode extends Node {
    public abstract void match(Term t, Subst s, Env env, long fuel, List<Subst> out);
}
