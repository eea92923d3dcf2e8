package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs nodes (topological order) on the values they read: the passes of a training
 * step, forward and backward, on the CPU ({@link #INTERPRETER}) or on a device. A value
 * a node reads is taken from {@code values}, or is the node input's initializer when
 * {@code values} lacks it (the constants a backward pass makes).
 */
public interface NodeRunner {
    NodeRunner INTERPRETER = Interpreter::run;

    /** Runs the nodes; returns the values named in {@code outputs}, each computed by one of them. */
    Map<String, Tensor> run(List<Node> nodes, Map<String, Tensor> values, List<String> outputs);

    /** Runs the nodes, adding every value they compute to {@code values}. */
    default void run(List<Node> nodes, Map<String, Tensor> values) {
        List<String> all = new ArrayList<>();
        nodes.forEach(n -> n.outputs().forEach(v -> all.add(v.name())));
        values.putAll(run(nodes, values, all));
    }
}
