package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Node;
import java.util.Map;

/**
 * Which stage each node of a graph belongs to (by node name). Stages are numbered
 * so that every value flows from a stage to the same or a later one.
 */
public record StagePlan(int stageCount, Map<String, Integer> stageOfNode) {

    public StagePlan {
        stageOfNode = Map.copyOf(stageOfNode);
    }

    public int stageOf(Node node) {
        return stageOfNode.get(node.name());
    }
}
