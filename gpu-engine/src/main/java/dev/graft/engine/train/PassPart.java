package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One graph of a built backward pass, as a {@link NodeRunner} runs it: its nodes and
 * the values it leaves behind. An output no node computes (a gradient that passes
 * straight through, such as a stage boundary's) is already among the values.
 */
record PassPart(List<Node> nodes, List<String> outputs) {

    void run(NodeRunner runner, StageValues values) {
        Set<String> computed = new HashSet<>(NodeRunner.computed(nodes));
        List<String> fromNodes = outputs.stream().filter(computed::contains).toList();
        if (!fromNodes.isEmpty()) {
            runner.run(nodes, values, fromNodes);
        }
    }
}
