package dev.graft.pypm;

import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.Definition;
import dev.graft.pypm.core.IllFormedException;
import dev.graft.pypm.core.Pattern;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.WellFormedness;
import dev.graft.pypm.nodes.QueryRoot;
import java.util.List;

/**
 * The entry point for matching core patterns on the Truffle interpreter: check
 * well-formedness (CORE-SPEC section 2), build the nodes once, then match any number of
 * terms (trees or graph views) with {@link CompiledQuery#match}.
 */
public final class Matcher {
    private Matcher() {
    }

    /**
     * Compiles a query under definitions, outside any language context.
     *
     * @throws IllFormedException when a definition or the query is ill-formed
     */
    public static CompiledQuery compile(List<Definition> definitions, Pattern query) {
        return compile(null, definitions, query);
    }

    /** As {@link #compile(List, Pattern)}, with the nodes owned by a language instance. */
    public static CompiledQuery compile(TruffleLanguage<?> language, List<Definition> definitions, Pattern query) {
        NodeBuilder builder = new NodeBuilder(language, WellFormedness.check(definitions, query));
        QueryRoot root = new QueryRoot(language, builder.query(query), builder.binders());
        return new CompiledQuery(root.getCallTarget(), builder.freeTermVariables, builder.freeFunctionVariables);
    }

    /** One-shot: check, compile and match; an ill-formed request is an {@link Answer.Error}. */
    public static Answer answer(List<Definition> definitions, Pattern query, Term term, long fuel) {
        return answer(null, definitions, query, term, fuel);
    }

    /** As {@link #answer(List, Pattern, Term, long)}, with the nodes owned by a language instance. */
    public static Answer answer(TruffleLanguage<?> language, List<Definition> definitions, Pattern query,
            Term term, long fuel) {
        CompiledQuery compiled;
        try {
            compiled = compile(language, definitions, query);
        } catch (IllFormedException e) {
            return new Answer.Error(e.getMessage());
        }
        return compiled.match(term, fuel);
    }
}
