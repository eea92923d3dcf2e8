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
    }

    public int binders() {
        return binders;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object execute(VirtualFrame frame) {
        Object[] args = frame.getArguments();
        return body.match((Term) args[0], (Subst) args[1], (Env) args[2], (Fuel) args[3], (List<Subst>) args[4]);
    }

    @Override
    public String getName() {
        return name;
    }
}
