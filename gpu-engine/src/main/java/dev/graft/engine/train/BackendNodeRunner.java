package dev.graft.engine.train;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a list of nodes through a {@link Backend}: the nodes become a graph of their own
 * whose inputs are the values they read from outside (activations, batch slices,
 * parameters, gradients, at the shapes of the first call), whose initializers are the
 * constants they read that {@code values} does not supply (those a backward pass makes,
 * uploaded once), and whose outputs are the values asked for. One prepared graph per
 * node list, outputs and input shapes, reused for every microbatch. A runner serves
 * one thread at a time (one device's worker).
 */
public final class BackendNodeRunner implements NodeRunner {
    private final Backend backend;
    private final Map<Key, Backend.Prepared> prepared = new HashMap<>();

    public BackendNodeRunner(Backend backend) {
        this.backend = backend;
    }

    /** A node list (by identity: a stage's list is one object) with its outputs at given input shapes. */
    private record Key(List<Node> nodes, List<String> outputs, String shapes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.nodes == nodes && k.outputs.equals(outputs) && k.shapes.equals(shapes);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(nodes) * 31 + outputs.hashCode()) * 31 + shapes.hashCode();
        }
    }

    @Override
    public Map<String, Tensor> run(List<Node> nodes, Map<String, Tensor> values, List<String> outputs) {
        Set<Value> reads = external(nodes);
        Map<String, Tensor> inputs = new HashMap<>();
        StringBuilder shapes = new StringBuilder();
        for (Value v : reads) {
            Tensor t = values.get(v.name());
            if (t == null && !v.isInitializer()) {
                throw new IllegalStateException("nodes read '" + v.name() + "', which has no value");
            }
            if (t != null) {
                inputs.put(v.name(), t);
                shapes.append(v.name()).append(Arrays.toString(t.shape())).append(t.dtype()).append(';');
            }
        }
        Backend.Prepared graph = prepared.computeIfAbsent(new Key(nodes, List.copyOf(outputs), shapes.toString()),
                k -> backend.prepare(subgraph(nodes, reads, inputs, outputs)));
        return graph.run(inputs);
    }

    /** The values the nodes read that none of them computes, in first-read order. */
    private static Set<Value> external(List<Node> nodes) {
        Set<String> computed = new HashSet<>();
        nodes.forEach(n -> n.outputs().forEach(v -> computed.add(v.name())));
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

    private static Graph subgraph(List<Node> nodes, Set<Value> reads, Map<String, Tensor> inputs,
                                  List<String> outputs) {
        Graph g = new Graph("nodes");
        for (Value v : reads) {
            Tensor t = inputs.get(v.name());
            if (t == null) {
                g.addInitializer(v.name(), v.constant());
            } else {
                g.addInput(v.name(), TensorType.of(t.dtype(), Arrays.stream(t.shape()).asLongStream().toArray()));
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
        TypeInference.run(g);
        return g;
    }
}
