package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stage as the cut leaves it: its nodes in topological order, the values it
 * receives from each earlier stage and sends to each later one (a value read by
 * several later stages is sent to each), the parameters it reads, the batch
 * inputs it slices for itself, and whether it computes the loss.
 */
public record StageSpec(int index, List<Node> nodes, Map<Integer, List<String>> receives,
                        Map<Integer, List<String>> sends, Set<String> parameters, Set<String> batchInputs,
                        boolean computesLoss) {
}
