package dev.graft.pypm.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import dev.graft.pypm.runtime.Thunk;
import java.util.List;

/**
 * A parameter in a definition body: call-by-name, so the argument pattern is matched
 * here, in its caller's activation, with the fuel left at this point (a call inside an
 * argument is charged where the argument lands).
 *
 * <p>Most parameters only ever stand for one argument pattern (the one call site of a
 * recursion, the query's variable passed down): that pattern is cached as a constant, so
 * the compiled body matches it inline instead of calling whatever the thunk holds.
 */
public final class ParameterNode extends PatternNode implements NamesVariable {
    private final int index;
    /** The one argument pattern seen so far (null before the first), unless {@link #polymorphic}. */
    @CompilationFinal private PatternNode seen;
    @CompilationFinal private boolean polymorphic;

    public ParameterNode(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    @Override
    public VariableRef ref() {
        return new VariableRef.Param(index);
    }

    @Override
    public boolean match(Term t, Subst s, Env env, Fuel fuel, List<Subst> out) {
        Thunk arg = env.arg(index);
        PatternNode pattern = arg.pattern();
        if (!polymorphic) {
            if (pattern == seen) {
                return seen.match(t, s, arg.env(), fuel, out);
            }
            CompilerDirectives.transferToInterpreterAndInvalidate();
            if (seen == null) {
                seen = pattern;
            } else {
                polymorphic = true;
            }
        }
        return pattern.match(t, s, arg.env(), fuel, out);
    }
}
