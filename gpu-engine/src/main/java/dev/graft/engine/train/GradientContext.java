package dev.graft.engine.train;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * What a {@link GradientRule} sees of one node while the backward pass is built: its
 * forward inputs and outputs as values of the pass (with their static shapes), the
 * gradients of its outputs (a missing one is {@code null}: nothing downstream depends
 * on that output), which input gradients are wanted, and the pass to emit nodes into.
 */
public final class GradientContext {
    private final BackwardGraph graph;
    private final Node node;
    private final List<Value> outputGrads;
    private final boolean[] wanted;

    GradientContext(BackwardGraph graph, Node node, List<Value> outputGrads, boolean[] wanted) {
        this.graph = graph;
        this.node = node;
        this.outputGrads = outputGrads;
        this.wanted = wanted;
    }

    /** Where the rule emits its nodes. */
    public BackwardGraph graph() {
        return graph;
    }

    public Node node() {
        return node;
    }

    public Attributes attributes() {
        return node.attributes();
    }

    /** Whether optional input i is present. */
    public boolean has(int i) {
        return i < node.inputs().size() && node.input(i) != null;
    }

    /** Forward input i as a value of the backward pass; null when absent. */
    public Value input(int i) {
        return has(i) ? graph.forward(node.input(i)) : null;
    }

    public int[] inputShape(int i) {
        return graph.shape(node.input(i));
    }

    /** The contents of integer input i (axes, bounds), read while building. */
    public Tensor inputContents(int i) {
        return has(i) ? graph.contents(node.input(i)) : null;
    }

    public Value output(int i) {
        return graph.forward(node.output(i));
    }

    public int[] outputShape(int i) {
        return graph.shape(node.output(i));
    }

    public int inputCount() {
        return node.inputs().size();
    }

    public int outputCount() {
        return node.outputs().size();
    }

    /** The gradient of output i; null when nothing depends on it. */
    public Value outputGrad(int i) {
        return i < outputGrads.size() ? outputGrads.get(i) : null;
    }

    public boolean wants(int i) {
        return i < wanted.length && wanted[i];
    }

    /** An all-null result to fill in, one slot per input. */
    public Value[] none() {
        return new Value[node.inputs().size()];
    }
}
