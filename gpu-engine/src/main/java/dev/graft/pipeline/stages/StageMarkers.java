package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages from {@link StageBoundary} nodes: graph inputs start in stage 0, a node
 * belongs to the latest stage among the values it reads, and a boundary's output
 * to the stage after its input's. A node that reads only graph inputs and initializers (an embedding
 * lookup, a mask) joins the earliest stage that uses its result, so that
 * parameters stay with the stage that needs them.
 */
public final class StageMarkers {
    private StageMarkers() {
    }

    public static StagePlan plan(Graph graph) {
        List<Node> order = graph.topologicalOrder();
        Map<String, Integer> stage = new HashMap<>();
        Map<Value, Integer> valueStage = new HashMap<>();
        graph.inputs().forEach(in -> valueStage.put(in, 0));
        for (Node n : order) {
            int s = -1;
            for (Value in : n.inputs()) {
                if (in != null && valueStage.containsKey(in)) {
                    s = Math.max(s, valueStage.get(in));
                }
            }
            if (StageBoundary.is(n)) {
                s = Math.max(s, 0) + 1;
            }
            if (s >= 0) {
                stage.put(n.name(), s);
                for (Value out : n.outputs()) {
                    valueStage.put(out, s);
                }
            }
        }
        for (Node n : order.reversed()) {
            if (!stage.containsKey(n.name())) {
                int s = n.outputs().stream().flatMap(v -> graph.consumers(v).stream())
                        .mapToInt(c -> stage.getOrDefault(c.name(), 0)).min().orElse(0);
                stage.put(n.name(), s);
            }
        }
        int count = stage.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        return new StagePlan(count, stage);
    }
}
