package dev.graft.pypm.nodes;

import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Fuel;
import dev.graft.pypm.runtime.Subst;
import java.util.List;

/**
 * The query pattern as a call target. Arguments: the term, the fuel and the list to
 * append the substitutions to, in order; the result is {@link PatternNode#match}'s,
 * boxed (false when the match is Exhausted).
 */
public final class QueryRoot extends RootNode {
    private final int binders;
    @Child private PatternNode query;

    public QueryRoot(TruffleLanguage<?> language, PatternNode query, int binders) {
        super(language);
        this.query = query;
        this.binders = binders;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object execute(VirtualFrame frame) {
        Object[] args = frame.getArguments();
        return query.match((Term) args[0], Subst.EMPTY, Env.top(binders), new Fuel((Long) args[1]), (List<Subst>) args[2]);
    }

    @Override
    public String getName() {
        return "query";
    }
}
