package dev.graft.pypm.nodes;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.Node;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.ArrayList;
import java.util.List;

/**
 * The children of an operator or function-variable pattern, matched left to right:
 * {@code S_0 = [s]}, {@code S_i = concat [M(p_i, t_i, s') | s' <- S_(i-1)]}. Once some
 * {@code S_i} is empty, later children are never evaluated (so they cannot exhaust fuel).
 *
 * <p>A wildcard child gives {@code S_i = S_(i-1)}, so only the other children are
 * matched: {@code cons(_, P(x))}, the usual step of a recursion over a list, matches
 * one child and makes no list of its own.
 */
public final class ChildrenNode extends Node {
    private final int arity;
    /** The children that are not wildcards, and their places among all the children. */
    @Children private final PatternNode[] matched;
    @CompilationFinal(dimensions = 1) private final int[] places;

    public ChildrenNode(PatternNode[] children) {
        this.arity = children.length;
        List<PatternNode> kept = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            if (!(children[i] instanceof WildcardNode)) {
                kept.add(children[i]);
                at.add(i);
            }
        }
        this.matched = kept.toArray(new PatternNode[0]);
        this.places = at.stream().mapToInt(Integer::intValue).toArray();
    }

    public int arity() {
        return arity;
    }

    /**
     * Matches the children against t's; the caller has checked the arity. The first
     * matched child starts from s alone, so a pattern with one child that is not a
     * wildcard (a chain, a list step) makes no list of its own.
     */
    @ExplodeLoop
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        int last = matched.length - 1;
        if (last < 0) {
            out.add(s);
            return true;
        }
        if (last == 0) {
            return matched[0].match(t.child(places[0]), s, env, fuel, out);
        }
        List<Subst> current = new ArrayList<>();
        if (!matched[0].match(t.child(places[0]), s, env, fuel, current)) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            if (current.isEmpty()) {
                return true;
            }
            List<Subst> next = new ArrayList<>();
            if (!matchEach(matched[i], t.child(places[i]), current, env, fuel, next)) {
                return false;
            }
            current = next;
        }
        return current.isEmpty() || matchEach(matched[last], t.child(places[last]), current, env, fuel, out);
    }

    /** One matched child is given s and out as they are, and its results are the children's. */
    void markTailCalls(DefinitionRoot definition) {
        if (matched.length == 1) {
            matched[0].markTailCalls(definition);
        }
    }

    /** The loop over substitutions has a dynamic length, so it lives outside the exploded loop over children. */
    private static boolean matchEach(PatternNode child, Term t, List<Subst> inputs, Env env,
            Fuel fuel, List<Subst> out) {
        for (int j = 0; j < inputs.size(); j++) {
            if (!child.match(t, inputs.get(j), env, fuel, out)) {
                return false;
            }
        }
        return true;
    }
}
