package dev.graft.pypm.nodes;

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
 */
public final class ChildrenNode extends Node {
    @Children private final PatternNode[] children;

    public ChildrenNode(PatternNode[] children) {
        this.children = children;
    }

    public int arity() {
        return children.length;
    }

    /**
     * Matches child i of the pattern against child i of t; the caller has checked the
     * arity. The first child starts from s alone, so a one-child operator (a chain)
     * makes no list of its own.
     */
    @ExplodeLoop
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        int last = children.length - 1;
        if (last < 0) {
            out.add(s);
            return true;
        }
        if (last == 0) {
            return children[0].match(t.child(0), s, env, fuel, out);
        }
        List<Subst> current = new ArrayList<>();
        if (!children[0].match(t.child(0), s, env, fuel, current)) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            if (current.isEmpty()) {
                return true;
            }
            List<Subst> next = new ArrayList<>();
            if (!matchEach(children[i], t.child(i), current, env, fuel, next)) {
                return false;
            }
            current = next;
        }
        return current.isEmpty() || matchEach(children[last], t.child(last), current, env, fuel, out);
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
