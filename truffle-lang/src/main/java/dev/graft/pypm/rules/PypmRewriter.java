package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.GraphRewriter;

/** {@code graft run --rules}: the engine's hook for rewriting before running, served by the rule engine. */
public final class PypmRewriter implements GraphRewriter {
    @Override
    public String rewrite(Graph graph, String rules) {
        return new RuleEngine(RuleSets.load(rules)).rewrite(graph).format();
    }
}
