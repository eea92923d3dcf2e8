package dev.graft.pypm.nodes;

import com.oracle.truffle.api.nodes.Node;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * A pattern as an executable node: {@code M_fuel(p, t, s)} of CORE-SPEC section 5, with
 * the results appended to {@code out} in order. {@code env} is the activation that the
 * pattern's variables belong to.
 *
 * <p>{@link #match} gives false when a call found no fuel left: that makes the whole
 * answer Exhausted, so every caller stops at once and passes the false on (what is in
 * {@code out} then means nothing). A return value rather than an exception: unwinding a
 * deep recursion by an exception cost more than the recursion itself.
 */
public abstract class PatternNode extends Node {
    public abstract boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out);

    /**
     * Called on the body of {@code definition} and, through the nodes that pass their
     * substitution and result list on unchanged and do nothing after, on every node in
     * tail position: a call there to {@code definition} itself can be a step of a loop
     * ({@link CallNode}, {@link DefinitionRoot}). Most nodes have no such position.
     */
    void markTailCalls(DefinitionRoot definition) {
    }
}
