package dev.graft.engine.graph;

import dev.graft.engine.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A computation graph: a DAG of {@link Node}s connected by named {@link Value}s, with
 * graph inputs, initializers (constant tensors) and graph outputs. Node order is
 * insertion order; {@link #topologicalOrder()} gives an execution order. The
 * mutation methods are the ones a rewrite needs: add a node, rewire an input,
 * replace every use of a value, remove dead nodes.
 */
public final class Graph {
    private String name;
    private final Map<String, Value> values = new HashMap<>();
    private final List<Value> inputs = new ArrayList<>();
    private final Map<String, Value> initializers = new LinkedHashMap<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> nodeNames = new HashSet<>();
    private int fresh;

    public Graph(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** Declares a graph input. */
    public Value addInput(String name, TensorType type) {
        Value v = define(name, type, null);
        inputs.add(v);
        return v;
    }

    /** Declares an initializer: a constant value whose type is its tensor's. */
    public Value addInitializer(String name, Tensor data) {
        Value v = define(name, new TensorType(data.dtype(), Shape.of(data.shape())), data);
        initializers.put(name, v);
        return v;
    }

    /** Marks a value as a graph output (in order). */
    public void addOutput(Value v) {
        requireOwn(v);
        outputs.add(v);
    }

    /** Makes {@code v} the graph output at {@code index}, leaving every node input alone. */
    public void setOutput(int index, Value v) {
        requireOwn(v);
        outputs.set(index, v);
    }

    /**
     * Adds a node computing new values named {@code outputNames}. A null or empty
     * node name gets a fresh one from the op. Output types are left for inference.
     */
    public Node addNode(String nodeName, String domain, String op, Attributes attributes,
                        List<Value> nodeInputs, List<String> outputNames) {
        for (Value in : nodeInputs) {
            if (in != null) {
                requireOwn(in);
            }
        }
        String n = nodeName == null || nodeName.isEmpty() ? freshNodeName(op) : nodeName;
        if (!nodeNames.add(n)) {
            throw new GraphException("duplicate node name '" + n + "'");
        }
        List<Value> outs = new ArrayList<>();
        for (String outName : outputNames) {
            outs.add(define(outName, null, null));
        }
        Node node = new Node(n, domain == null ? "" : domain, op, attributes, nodeInputs, outs);
        for (Value out : outs) {
            out.setProducer(node);
        }
        nodes.add(node);
        return node;
    }

    /** Adds a standard-domain node with one fresh output, the common case for rewrites. */
    public Node addNode(String op, Attributes attributes, Value... nodeInputs) {
        return addNode(null, "", op, attributes, Arrays.asList(nodeInputs), List.of(freshValueName(op)));
    }

    /** A value name not yet used in this graph, built from {@code hint}. */
    public String freshValueName(String hint) {
        String candidate;
        do {
            candidate = hint + "_" + fresh++;
        } while (values.containsKey(candidate));
        return candidate;
    }

    private String freshNodeName(String op) {
        String candidate;
        do {
            candidate = op + "_" + fresh++;
        } while (nodeNames.contains(candidate));
        return candidate;
    }

    private Value define(String valueName, TensorType type, Tensor constant) {
        Objects.requireNonNull(valueName, "value name");
        if (valueName.isEmpty()) {
            throw new GraphException("a value must have a non-empty name");
        }
        if (values.containsKey(valueName)) {
            throw new GraphException("value '" + valueName + "' is defined twice");
        }
        Value v = new Value(valueName, type, constant);
        values.put(valueName, v);
        return v;
    }

    private void requireOwn(Value v) {
        if (values.get(v.name()) != v) {
            throw new GraphException("value '" + v.name() + "' does not belong to graph '" + name + "'");
        }
    }

    /** The value of that name, or {@code null}. */
    public Value value(String valueName) {
        return values.get(valueName);
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** Initializers in declaration order. */
    public List<Value> initializers() {
        return List.copyOf(initializers.values());
    }

    /** Nodes in insertion order (not necessarily topological). */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The nodes that read {@code v}, in node order. */
    public List<Node> consumers(Value v) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs().contains(v)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Whether some node or the graph's outputs read {@code v}. */
    public boolean isUsed(Value v) {
        return outputs.contains(v) || nodes.stream().anyMatch(n -> n.inputs().contains(v));
    }

    /** Rewires input {@code i} of {@code node} to {@code v}. */
    public void setInput(Node node, int i, Value v) {
        if (v != null) {
            requireOwn(v);
        }
        node.setInput(i, v);
    }

    /**
     * Makes every reader of {@code old} (node inputs and graph outputs) read
     * {@code replacement} instead. A graph output slot takes the replacement's name.
     */
    public void replaceAllUses(Value old, Value replacement) {
        requireOwn(old);
        requireOwn(replacement);
        for (Node n : nodes) {
            for (int i = 0; i < n.inputs().size(); i++) {
                if (n.input(i) == old) {
                    n.setInput(i, replacement);
                }
            }
        }
        outputs.replaceAll(v -> v == old ? replacement : v);
    }

    /** Removes a node whose outputs nobody reads. */
    public void removeNode(Node node) {
        for (Value out : node.outputs()) {
            if (isUsed(out)) {
                throw new GraphException("cannot remove " + node.describe() + ": its output '" + out.name()
                        + "' is still used");
            }
        }
        nodes.remove(node);
        nodeNames.remove(node.name());
        for (Value out : node.outputs()) {
            values.remove(out.name());
        }
    }

    /**
     * Removes every node and initializer the graph outputs do not depend on.
     * Returns the number of nodes removed.
     */
    public int removeDeadNodes() {
        Set<Value> live = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>(outputs);
        while (!work.isEmpty()) {
            Value v = work.pop();
            if (live.add(v) && v.producer() != null) {
                for (Value in : v.producer().inputs()) {
                    if (in != null) {
                        work.push(in);
                    }
                }
            }
        }
        List<Node> dead = nodes.stream().filter(n -> n.outputs().stream().noneMatch(live::contains)).toList();
        Set<Node> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(dead);
        // One sweep: removing node by node would cost the graph's size per dead node.
        nodes.removeIf(gone::contains);
        for (Node n : dead) {
            nodeNames.remove(n.name());
            n.outputs().forEach(out -> values.remove(out.name()));
        }
        initializers.values().removeIf(v -> {
            boolean unused = !live.contains(v);
            if (unused) {
                values.remove(v.name());
            }
            return unused;
        });
        return dead.size();
    }

    /**
     * The nodes in an order where each comes after the producers of its inputs;
     * among ready nodes, insertion order wins, so the order is deterministic.
     */
    public List<Node> topologicalOrder() {
        Map<Node, Integer> missing = new IdentityHashMap<>();
        Map<Value, List<Node>> readers = new IdentityHashMap<>();
        for (Node n : nodes) {
            int count = 0;
            for (Value in : n.inputs()) {
                if (in == null) {
                    continue;
                }
                if (values.get(in.name()) != in) {
                    throw new GraphException(n.describe() + " reads '" + in.name() + "', which is not in the graph");
                }
                if (in.producer() != null) {
                    count++;
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
            missing.put(n, count);
        }
        Map<Node, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingInt(index::get));
        for (Node n : nodes) {
            if (missing.get(n) == 0) {
                ready.add(n);
            }
        }
        List<Node> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            order.add(n);
            for (Value out : n.outputs()) {
                for (Node reader : readers.getOrDefault(out, List.of())) {
                    if (missing.merge(reader, -1, Integer::sum) == 0) {
                        ready.add(reader);
                    }
                }
            }
        }
        if (order.size() != nodes.size()) {
            Node stuck = nodes.stream().filter(n -> !order.contains(n)).findFirst().orElseThrow();
            throw new GraphException("graph '" + name + "' has a cycle through " + stuck.describe());
        }
        return order;
    }

    /** A deep copy: new nodes and values, the same (immutable) initializer tensors. */
    public Graph copy() {
        Graph g = new Graph(name);
        for (Value in : inputs) {
            g.addInput(in.name(), in.type());
        }
        for (Value init : initializers.values()) {
            g.addInitializer(init.name(), init.constant());
        }
        for (Node n : topologicalOrder()) {
            List<Value> ins = n.inputs().stream().map(v -> v == null ? null : g.value(v.name())).toList();
            Node copy = g.addNode(n.name(), n.domain(), n.op(), n.attributes(),
                    new ArrayList<>(ins), n.outputs().stream().map(Value::name).toList());
            for (int i = 0; i < n.outputs().size(); i++) {
                copy.output(i).setType(n.output(i).type());
            }
        }
        outputs.forEach(o -> g.addOutput(g.value(o.name())));
        return g;
    }

    /**
     * Structural equality: same name, inputs, initializers, outputs (by name and
     * type) and the same nodes in the same order (name, op, attributes, input and
     * output names, output types).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && canonical().equals(g.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    private List<Object> canonical() {
        List<Object> c = new ArrayList<>();
        c.add(name);
        c.add(inputs.stream().map(Graph::describeValue).toList());
        c.add(initializers.values().stream().map(v -> List.of(v.name(), v.constant())).toList());
        c.add(outputs.stream().map(Graph::describeValue).toList());
        for (Node n : nodes) {
            c.add(List.of(n.name(), n.domain(), n.op(), n.attributes(),
                    n.inputs().stream().map(v -> v == null ? "" : v.name()).toList(),
                    n.outputs().stream().map(Graph::describeValue).toList()));
        }
        return c;
    }

    private static String describeValue(Value v) {
        return v.name() + ":" + v.type();
    }

    @Override
    public String toString() {
        return "graph '" + name + "' (" + nodes.size() + " nodes)";
    }
}
