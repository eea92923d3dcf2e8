package dev.graft.engine.run;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.OpRegistry;
import java.util.Map;
import java.util.TreeMap;

/** The text {@code graft show} prints: inputs, outputs, parameter count and op histogram. */
public final class GraphSummary {
    private GraphSummary() {
    }

    public static String of(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(g.name()).append(": ").append(g.nodes().size()).append(" nodes\n");
        sb.append("inputs:\n");
        g.inputs().forEach(v -> sb.append("  ").append(v.name()).append(": ").append(v.type()).append('\n'));
        sb.append("outputs:\n");
        g.outputs().forEach(v -> sb.append("  ").append(v.name()).append(": ").append(v.type()).append('\n'));
        long parameters = 0;
        long constants = 0;
        for (Value init : g.initializers()) {
            if (init.constant().dtype().isFloating()) {
                parameters += init.constant().size();
            } else {
                constants += init.constant().size();
            }
        }
        sb.append(String.format("parameters: %,d (floating initializer elements; plus %,d integer constant elements in %d initializers)%n",
                parameters, constants, g.initializers().size()));
        Map<String, Integer> histogram = new TreeMap<>();
        for (Node n : g.nodes()) {
            histogram.merge(OpRegistry.key(n.domain(), n.op()), 1, Integer::sum);
        }
        sb.append("ops:\n");
        histogram.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sb.append(String.format("  %-28s %d%n", e.getKey(), e.getValue())));
        return sb.toString();
    }
}
