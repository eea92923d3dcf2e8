package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the passes of a training step (node lists in topological order: the forward
 * pass, each half of the backward pass) where it keeps their values: on the CPU
 * ({@link #INTERPRETER}) or on a device. A value a node reads comes from the
 * {@link StageValues}, or is the node input's initializer when they lack it (the
 * constants a backward pass makes).
 */
public interface NodeRunner {
    NodeRunner INTERPRETER = new NodeRunner() {
        @Override
        public StageValues values(StageValues step) {
            return new HostValues((HostValues) step);
        }

        @Override
        public void run(List<Node> nodes, StageValues values, List<String> outputs) {
            Interpreter.run(nodes, values::get, outputs).forEach(values::put);
        }
    };

    /** Empty values of this runner reading through to {@code step} (null: the step's own). */
    StageValues values(StageValues step);

    /** Runs the nodes on {@code values}, storing there the values named in {@code outputs}. */
    void run(List<Node> nodes, StageValues values, List<String> outputs);

    /** Every value the nodes compute. */
    static List<String> computed(List<Node> nodes) {
        List<String> all = new ArrayList<>();
        nodes.forEach(n -> n.outputs().forEach(v -> all.add(v.name())));
        return all;
    }
}
