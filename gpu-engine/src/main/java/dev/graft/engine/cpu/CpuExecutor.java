package dev.graft.engine.cpu;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.run.InputBinding;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a graph on the CPU with each op's reference implementation, in
 * topological order. A value is dropped as soon as its last reader has run, so
 * memory holds only the live frontier plus the initializers.
 *
 * <p>Nodes that read only initializers (and what such nodes compute), like the
 * transpose of a tied embedding, give the same result every run: the first run
 * computes them and later runs reuse the values, as onnxruntime's constant
 * folding does. Ops are deterministic, so this changes no result.
 */
public final class CpuExecutor {
    private final Graph graph;
    private final List<Node> order;
    private final List<Op> ops;
    private final Map<Value, Integer> readers = new IdentityHashMap<>();
    /** Per node of {@link #order}: whether it reads only constants. */
    private final boolean[] constant;
    /** The outputs of the constant nodes, once the first run has computed them. */
    private volatile Map<Value, Tensor> folded;

    /** Prepares a typed graph (see {@link dev.graft.engine.ops.TypeInference}); unknown ops fail here. */
    public CpuExecutor(Graph graph) {
        this(graph, OpRegistry.get()::require);
    }

    /**
     * Prepares a typed graph whose nodes run the ops {@code resolve} picks: a GPU backend
     * hands some nodes to its own implementations and the rest to the registry's.
     */
    public CpuExecutor(Graph graph, Function<Node, Op> resolve) {
        this.graph = graph;
        this.order = graph.topologicalOrder();
        this.ops = order.stream().map(resolve).toList();
        this.constant = new boolean[order.size()];
        Set<Value> known = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Value init : graph.initializers()) {
            if (!graph.inputs().contains(init)) {
                known.add(init);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            constant[i] = n.inputs().stream().allMatch(in -> in == null || known.contains(in));
            if (constant[i]) {
                known.addAll(n.outputs());
                continue;
            }
            for (Value in : n.inputs()) {
                if (in != null) {
                    readers.merge(in, 1, Integer::sum);
                }
            }
        }
    }

    /** Runs once; inputs by name. Returns the graph outputs by name, in order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        InputBinding.bind(graph, inputs);
        Map<Value, Tensor> live = new IdentityHashMap<>();
        Map<Value, Integer> pending = new HashMap<>(readers);
        for (Value in : graph.inputs()) {
            live.put(in, inputs.get(in.name()));
        }
        for (Value init : graph.initializers()) {
            live.put(init, init.constant());
        }
        live.putAll(folded());
        for (int i = 0; i < order.size(); i++) {
            if (constant[i]) {
                continue;
            }
            Node node = order.get(i);
            List<Tensor> args = new ArrayList<>(node.inputs().size());
            for (Value in : node.inputs()) {
                args.add(in == null ? null : live.get(in));
            }
            List<Tensor> results = execute(ops.get(i), node, args);
            for (int k = 0; k < node.outputs().size(); k++) {
                live.put(node.output(k), results.get(k));
            }
            for (Value in : node.inputs()) {
                if (in != null && pending.merge(in, -1, Integer::sum) == 0 && !graph.outputs().contains(in)
                        && !in.isInitializer()) {
                    live.remove(in);
                }
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Value v : graph.outputs()) {
            out.put(v.name(), live.get(v));
        }
        return out;
    }

    /** The constant nodes' outputs, computed on the first call. */
    private Map<Value, Tensor> folded() {
        Map<Value, Tensor> values = folded;
        if (values != null) {
            return values;
        }
        synchronized (this) {
            if (folded == null) {
                Map<Value, Tensor> known = new IdentityHashMap<>();
                for (Value init : graph.initializers()) {
                    known.put(init, init.constant());
                }
                Map<Value, Tensor> computed = new IdentityHashMap<>();
                for (int i = 0; i < order.size(); i++) {
                    if (!constant[i]) {
                        continue;
                    }
                    Node node = order.get(i);
                    List<Tensor> args = new ArrayList<>(node.inputs().size());
                    for (Value in : node.inputs()) {
                        args.add(in == null ? null : known.get(in));
                    }
                    List<Tensor> results = execute(ops.get(i), node, args);
                    for (int k = 0; k < node.outputs().size(); k++) {
                        known.put(node.output(k), results.get(k));
                        computed.put(node.output(k), results.get(k));
                    }
                }
                folded = computed;
            }
            return folded;
        }
    }

    private static List<Tensor> execute(Op op, Node node, List<Tensor> args) {
        List<Tensor> results;
        try {
            results = op.execute(new ExecutionContext(node, args));
        } catch (OpException | IllegalArgumentException | ArithmeticException e) {
            throw new UserError(node.describe() + ": " + e.getMessage(), e);
        }
        if (results.size() < node.outputs().size()) {
            throw new IllegalStateException(node.describe() + " produced " + results.size() + " outputs, needs "
                    + node.outputs().size());
        }
        for (int k = 0; k < node.outputs().size(); k++) {
            Value out = node.output(k);
            if (out.type() != null && results.get(k).dtype() != out.type().dtype()) {
                throw new IllegalStateException(node.describe() + " output '" + out.name() + "' is "
                        + results.get(k).dtype() + ", inferred " + out.type());
            }
        }
        return results;
    }
}
