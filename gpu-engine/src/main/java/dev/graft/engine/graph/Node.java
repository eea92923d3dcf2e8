package dev.graft.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One operation of a {@link Graph}: an op type (with its domain, empty for the ONNX
 * standard domain), attributes, input values and output values. An absent
 * optional input is a {@code null} entry, so positions keep their ONNX meaning.
 * Nodes are created and rewired through their graph, which keeps producers and
 * names consistent.
 */
public final class Node {
    private final String name;
    private final String op;
    private final String domain;
    private final Attributes attributes;
    private final List<Value> inputs;
    private final List<Value> outputs;

    Node(String name, String domain, String op, Attributes attributes, List<Value> inputs, List<Value> outputs) {
        this.name = name;
        this.domain = domain;
        this.op = op;
        this.attributes = attributes;
        this.inputs = new ArrayList<>(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /** The node's name, unique in its graph; used in every message about the node. */
    public String name() {
        return name;
    }

    /** The op type, e.g. {@code MatMul}. */
    public String op() {
        return op;
    }

    /** The op's domain; empty for the ONNX standard domain. */
    public String domain() {
        return domain;
    }

    public Attributes attributes() {
        return attributes;
    }

    /** The inputs in order; an absent optional input is {@code null}. */
    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** Input {@code i}, or {@code null} when absent or past the end. */
    public Value input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    public List<Value> outputs() {
        return outputs;
    }

    public Value output(int i) {
        return outputs.get(i);
    }

    void setInput(int i, Value v) {
        inputs.set(i, v);
    }

    /** {@code 'name' (Op)}, the way messages refer to a node. */
    public String describe() {
        return "node '" + name + "' (" + (domain.isEmpty() ? "" : domain + "::") + op + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
