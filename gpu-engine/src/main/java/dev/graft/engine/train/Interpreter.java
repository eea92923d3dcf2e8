package dev.graft.engine.train;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a list of nodes, already in topological order, on the CPU ops of the
 * {@link OpRegistry}, for the CPU {@link NodeRunner}. It keeps every intermediate value
 * until the list is done (the engine's {@code CpuExecutor} frees each value after its
 * last reader, and runs whole graphs rather than one stage's nodes).
 */
public final class Interpreter {
    private Interpreter() {
    }

    /** Runs the nodes, adding every value they compute to {@code values}. */
    public static void run(List<Node> nodes, Map<String, Tensor> values) {
        values.putAll(run(nodes, values::get, NodeRunner.computed(nodes)));
    }

    /** Runs the nodes on the values {@code lookup} gives; returns the values named in {@code outputs}. */
    public static Map<String, Tensor> run(List<Node> nodes, Function<String, Tensor> lookup, List<String> outputs) {
        OpRegistry ops = OpRegistry.get();
        Map<String, Tensor> computed = new HashMap<>();
        for (Node node : nodes) {
            List<Tensor> inputs = new ArrayList<>(node.inputs().size());
            for (Value in : node.inputs()) {
                inputs.add(in == null ? null : require(lookup, computed, in, node));
            }
            List<Tensor> results;
            try {
                results = ops.require(node).execute(new ExecutionContext(node, inputs));
            } catch (OpException e) {
                throw new UserError("node '" + node.name() + "' (" + node.op() + "): " + e.getMessage(), e);
            }
            for (int i = 0; i < node.outputs().size(); i++) {
                computed.put(node.output(i).name(), results.get(i));
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : outputs) {
            Tensor t = computed.get(name);
            if (t == null) {
                throw new IllegalStateException("'" + name + "' is not computed by the nodes run");
            }
            out.put(name, t);
        }
        return out;
    }

    private static Tensor require(Function<String, Tensor> lookup, Map<String, Tensor> computed, Value in,
                                  Node node) {
        Tensor t = computed.get(in.name());
        if (t == null) {
            t = lookup.apply(in.name());
        }
        if (t == null) {
            t = in.constant();
        }
        if (t == null) {
            throw new IllegalStateException("node '" + node.name() + "' reads '" + in.name() + "', which has no value");
        }
        return t;
    }
}
