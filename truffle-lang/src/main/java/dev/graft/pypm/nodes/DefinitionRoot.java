package dev.graft.pypm.nodes;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * The body of one definition as a call target, so that Truffle can compile a hot
 * recursive definition. Arguments: the term, the substitution, the callee's activation,
 * the fuel and the list to append results to; the result is {@link PatternNode#match}'s, boxed.
 */
public final class DefinitionRoot extends RootNode {
    private final String name;
    @CompilationFinal private int binders;
    @Child private PatternNode body;

    public DefinitionRoot(TruffleLanguage<?> language, String name) {
        super(language);
        this.name = name;
    }

    /** Set once after all definitions exist, since bodies call each other. */
    public void setBody(PatternNode node, int existsBinders) {
        this.body = insert(node);
        this.binders = existsBinders;
        node.markTailCalls(this);
    }

    public int binders() {
        return binders;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object execute(VirtualFrame frame) {
        Object[] args = frame.getArguments();
        Term t = (Term) args[0];
        Subst s = (Subst) args[1];
        Env env = (Env) args[2];
        Fuel fuel = (Fuel) args[3];
        List<Subst> out = (List<Subst>) args[4];
        // A recursion down a chain (Nat, a list's tail) runs as this loop: each call in
        // tail position has spent its unit of fuel and handed back the term to go on with.
        long steps = 0;
        while (true) {
            boolean finished = body.match(t, s, env, fuel, out);
            Term next = fuel.takeTailTerm();
            if (!finished || next == null) {
                fuel.giveBack(steps);
                return finished;
            }
            t = next;
            steps++;
        }
    }

    @Override
    public String getName() {
        return name;
    }
}
