package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loss of a step's microbatches, summed where the stage's runner keeps values (on a
 * GPU, by one Add on the GPU per microbatch) and read on the host once, at the end of
 * the step: reading each microbatch's loss would make the host wait for the device after
 * every forward pass of the last stage, leaving the device idle while the host then
 * enqueues the next task. One pair of node lists per loss name, shared by every stage and
 * step, since a device runner prepares a node list once and reuses it.
 */
final class LossSum {
    private static final String TOTAL = "⟳loss sum";
    private static final Map<String, LossSum> BY_LOSS = new ConcurrentHashMap<>();

    private final Pass first;
    private final Pass next;

    /** One node and the value it computes. */
    private record Pass(List<Node> nodes, String output) {
        static Pass of(Graph g, String op, Value... inputs) {
            Node n = g.addNode(op, Attributes.NONE, inputs);
            return new Pass(List.of(n), n.outputs().getFirst().name());
        }
    }

    private LossSum(String loss) {
        Graph g = new Graph("loss sum");
        Value microbatch = g.addInput(loss, TensorType.scalar(DType.FLOAT32));
        Value sum = g.addInput(TOTAL, TensorType.scalar(DType.FLOAT32));
        // The first term is taken as it is: on a GPU Identity gives a view of the microbatch's
        // loss, which stays valid when the microbatch's values are freed (views share their buffer).
        first = Pass.of(g, "Identity", microbatch);
        next = Pass.of(g, "Add", sum, microbatch);
    }

    /** The sum of the loss value {@code loss}. */
    static LossSum of(String loss) {
        return BY_LOSS.computeIfAbsent(loss, LossSum::new);
    }

    /**
     * Adds the loss that {@code microbatch} holds to the sum that {@code step} holds (the
     * step's values, which {@code microbatch} reads through to), without leaving the device.
     */
    void add(NodeRunner runner, StageValues microbatch, StageValues step) {
        boolean started = step.has(TOTAL);
        Pass pass = started ? next : first;
        try (StageValues scratch = runner.values(microbatch)) {
            if (started) {
                step.move(TOTAL, scratch, TOTAL);
            }
            runner.run(pass.nodes(), scratch, List.of(pass.output()));
            scratch.move(pass.output(), step, TOTAL);
        }
    }

    /** The sum on the host (waits for the device); the step must have added at least one loss. */
    double read(StageValues step) {
        return step.get(TOTAL).floats()[0];
    }
}
