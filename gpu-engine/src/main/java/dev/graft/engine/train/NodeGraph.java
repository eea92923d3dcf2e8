package dev.graft.engine.train;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A list of nodes made a graph of its own, for a backend to prepare: its inputs are the
 * values the nodes read from outside that the {@link StageValues} hold (activations,
 * batch slices, parameters, gradients), typed at their current shapes; its
 * initializers are the constants they read that the values lack (those a backward
 * pass makes, uploaded once) and the model's integer constants (shapes, axes, which
 * are never trained), so that every type is static; its outputs are the values asked
 * for.
 */
public record NodeGraph(Graph graph, List<Value> inputs, String key) {

    /** The graph of {@code nodes} over {@code values}; {@code key} names the input shapes and dtypes. */
    public static NodeGraph of(List<Node> nodes, StageValues values, List<String> outputs) {
        Graph g = new Graph("nodes");
        List<Value> inputs = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (Value v : external(nodes)) {
            if (v.isInitializer() && !v.constant().dtype().isFloating()) {
                g.addInitializer(v.name(), v.constant());
            } else if (values.has(v.name())) {
                int[] shape = values.shape(v.name());
                inputs.add(g.addInput(v.name(), TensorType.of(values.dtype(v.name()),
                        Arrays.stream(shape).asLongStream().toArray())));
                key.append(v.name()).append(Arrays.toString(shape)).append(values.dtype(v.name())).append(';');
            } else if (v.isInitializer()) {
                g.addInitializer(v.name(), v.constant());
            } else {
                throw new IllegalStateException("nodes read '" + v.name() + "', which has no value");
            }
        }
        for (Node n : nodes) {
            List<Value> ins = new ArrayList<>();
            for (Value in : n.inputs()) {
                ins.add(in == null ? null : g.value(in.name()));
            }
            g.addNode(n.name(), n.domain(), n.op(), n.attributes(), ins,
                    n.outputs().stream().map(Value::name).toList());
        }
        outputs.forEach(name -> g.addOutput(g.value(name)));
        return new NodeGraph(g, inputs, key.toString());
    }

    /** What a runner caches a prepared graph under: the node list (one object per pass), outputs and input shapes. */
    public Key key(List<Node> nodes, List<String> outputs) {
        return new Key(nodes, List.copyOf(outputs), key);
    }

    /** A cache key that compares node lists by identity. */
    public record Key(List<Node> nodes, List<String> outputs, String shapes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.nodes == nodes && k.outputs.equals(outputs) && k.shapes.equals(shapes);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(nodes) * 31 + outputs.hashCode()) * 31 + shapes.hashCode();
        }
    }

    /** The graph typed, ready to prepare. */
    public Graph typed() {
        TypeInference.run(graph);
        return graph;
    }

    /** The values the nodes read that none of them computes, in first-read order. */
    private static Set<Value> external(List<Node> nodes) {
        Set<String> computed = new HashSet<>(NodeRunner.computed(nodes));
        Set<Value> reads = new LinkedHashSet<>();
        for (Node n : nodes) {
            for (Value in : n.inputs()) {
                if (in != null && !computed.contains(in.name())) {
                    reads.add(in);
                }
            }
        }
        return reads;
    }
}
