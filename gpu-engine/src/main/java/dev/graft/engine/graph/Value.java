package dev.graft.engine.graph;

import dev.graft.engine.tensor.Tensor;

/**
 * A named edge of the graph: a graph input, an initializer (a constant tensor) or
 * the output of one node. Names are unique within a {@link Graph}. The type may be
 * {@code null} until shape inference has run.
 */
public final class Value {
    private final String name;
    private TensorType type;
    private Node producer;
    private final Tensor constant;

    Value(String name, TensorType type, Tensor constant) {
        this.name = name;
        this.type = type;
        this.constant = constant;
    }

    public String name() {
        return name;
    }

    /** The inferred or declared type, or {@code null} when not yet known. */
    public TensorType type() {
        return type;
    }

    public void setType(TensorType type) {
        this.type = type;
    }

    /** The node computing this value, or {@code null} for graph inputs and initializers. */
    public Node producer() {
        return producer;
    }

    void setProducer(Node producer) {
        this.producer = producer;
    }

    /** The initializer's data, or {@code null} if this value is not an initializer. */
    public Tensor constant() {
        return constant;
    }

    public boolean isInitializer() {
        return constant != null;
    }

    @Override
    public String toString() {
        return type == null ? name : name + ": " + type;
    }
}
