package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One half of a built backward pass, as a {@link NodeRunner} runs it: its nodes and the
 * values it returns. An output no node computes (a gradient that passes straight
 * through, such as a stage boundary's) is handed back from the values it was given.
 */
record PassPart(List<Node> nodes, List<String> outputs) {

    Map<String, Tensor> run(NodeRunner runner, Map<String, Tensor> values) {
        Set<String> computed = new HashSet<>();
        nodes.forEach(n -> n.outputs().forEach(v -> computed.add(v.name())));
        List<String> fromNodes = new ArrayList<>();
        outputs.stream().filter(computed::contains).forEach(fromNodes::add);
        Map<String, Tensor> results = fromNodes.isEmpty() ? Map.of() : runner.run(nodes, values, fromNodes);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : outputs) {
            out.put(name, computed.contains(name) ? results.get(name) : values.get(name));
        }
        return out;
    }
}
