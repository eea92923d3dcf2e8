package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Runs nodes (topological order) on the values they read, adding every value they
 * compute to {@code values}: the forward half of a training step, on the CPU
 * ({@link #INTERPRETER}) or on a device.
 */
public interface NodeRunner {
    NodeRunner INTERPRETER = Interpreter::run;

    void run(List<Node> nodes, Map<String, Tensor> values);
}
