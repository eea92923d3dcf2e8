package dev.graft.engine.train;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a list of nodes, already in topological order, on the CPU ops of the
 * {@link OpRegistry}, writing every output into {@code values}: the forward half
 * of training, which keeps all intermediate values for the backward pass (the
 * engine's {@code CpuExecutor} frees each value after its last reader, and runs
 * whole graphs rather than one stage's nodes).
 */
public final class Interpreter {
    private Interpreter() {
    }

    public static void run(List<Node> nodes, Map<String, Tensor> values) {
        OpRegistry ops = OpRegistry.get();
        for (Node node : nodes) {
            List<Tensor> inputs = new ArrayList<>(node.inputs().size());
            for (Value in : node.inputs()) {
                inputs.add(in == null ? null : require(values, in, node));
            }
            List<Tensor> outputs;
            try {
                outputs = ops.require(node).execute(new ExecutionContext(node, inputs));
            } catch (OpException e) {
                throw new UserError("node '" + node.name() + "' (" + node.op() + "): " + e.getMessage(), e);
            }
            for (int i = 0; i < node.outputs().size(); i++) {
                values.put(node.output(i).name(), outputs.get(i));
            }
        }
    }

    private static Tensor require(Map<String, Tensor> values, Value in, Node node) {
        Tensor t = values.get(in.name());
        if (t == null) {
            throw new IllegalStateException("node '" + node.name() + "' reads '" + in.name() + "', which has no value");
        }
        return t;
    }
}
