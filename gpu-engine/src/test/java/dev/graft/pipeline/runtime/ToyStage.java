package dev.graft.pipeline.runtime;

import dev.graft.pipeline.schedule.StageGraph;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scalar stage for runtime tests: y = tanh(w · Σ inputs), stage 0 reading the
 * microbatch's input x, the last stage adding 0.5·(y − target)² / M to the loss.
 * Small enough that the unpipelined loss is a one-line function of the weights.
 */
final class ToyStage implements StageProgram {
    private final int stage;
    private final StageGraph graph;
    private final double weight;
    private final double[] inputs;
    private final double[] targets;
    private final Map<Integer, double[]> stash = new HashMap<>();
    private final Map<Integer, Double> pendingWeightGrad = new HashMap<>();
    double weightGrad;
    double loss;

    ToyStage(int stage, StageGraph graph, double weight, double[] inputs, double[] targets) {
        this.stage = stage;
        this.graph = graph;
        this.weight = weight;
        this.inputs = inputs;
        this.targets = targets;
    }

    @Override
    public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
        double sum = stage == 0 ? inputs[microbatch]
                : fromProducers.values().stream().mapToDouble(v -> (Double) v).sum();
        double y = Math.tanh(weight * sum);
        stash.put(microbatch, new double[]{sum, y});
        if (graph.consumers(stage).isEmpty()) {
            double e = y - targets[microbatch];
            loss += 0.5 * e * e / targets.length;
        }
        Map<Integer, Object> out = new TreeMap<>();
        graph.consumers(stage).forEach(c -> out.put(c, y));
        return out;
    }

    @Override
    public Map<Integer, Object> backwardInput(int microbatch, Map<Integer, Object> fromConsumers) {
        double[] saved = stash.get(microbatch);
        double dy = graph.consumers(stage).isEmpty() ? (saved[1] - targets[microbatch]) / targets.length
                : fromConsumers.values().stream().mapToDouble(v -> (Double) v).sum();
        double dz = dy * (1 - saved[1] * saved[1]);
        pendingWeightGrad.put(microbatch, dz * saved[0]);
        Map<Integer, Object> out = new TreeMap<>();
        graph.producers(stage).forEach(p -> out.put(p, dz * weight));
        return out;
    }

    @Override
    public void backwardWeight(int microbatch) {
        weightGrad += pendingWeightGrad.remove(microbatch);
        stash.remove(microbatch);
    }
}
