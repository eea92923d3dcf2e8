package dev.graft.engine.run;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import java.util.ServiceLoader;

/**
 * Rewrites a graph with a rule set before it runs: {@code graft run --rules}. The
 * engine does not know the pattern language; truffle-lang provides the
 * implementation through {@code META-INF/services/dev.graft.engine.run.GraphRewriter}.
 */
public interface GraphRewriter {

    /**
     * Rewrites {@code graph} in place with the rules {@code rules} names ({@code std},
     * a {@code .pypm} file or a directory) and returns a short report; bad rules are a
     * {@link UserError}.
     */
    String rewrite(Graph graph, String rules);

    /** The rewriter on the class path; a {@link UserError} when there is none. */
    static GraphRewriter find() {
        return ServiceLoader.load(GraphRewriter.class).findFirst().orElseThrow(() -> new UserError(
                "--rules needs the pattern language (truffle-lang) on the class path"));
    }
}
