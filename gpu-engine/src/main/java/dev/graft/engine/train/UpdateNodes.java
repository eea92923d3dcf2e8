package dev.graft.engine.train;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * Where an {@link UpdateRule} (and a {@link SumPass}) writes its nodes: named inputs (typed later from the
 * values they are run on, by {@link NodeGraph}), float constants and the standard
 * elementwise ops. Every name it makes starts with "⟳", which no model value does.
 */
public final class UpdateNodes {
    private final Graph graph = new Graph("update");

    /** The value {@code name} that the update reads from the worker's values. */
    public Value input(String name) {
        return graph.addInput(name, TensorType.scalar(DType.FLOAT32));
    }

    public Value constant(float c) {
        return graph.addInitializer(graph.freshValueName("⟳c"), Tensor.scalar(c));
    }

    public Value add(Value a, Value b) {
        return op("Add", a, b);
    }

    public Value sub(Value a, Value b) {
        return op("Sub", a, b);
    }

    public Value mul(Value a, Value b) {
        return op("Mul", a, b);
    }

    public Value div(Value a, Value b) {
        return op("Div", a, b);
    }

    public Value sqrt(Value a) {
        return op("Sqrt", a);
    }

    private Value op(String op, Value... inputs) {
        return graph.addNode(null, "", op, Attributes.NONE, List.of(inputs),
                List.of(graph.freshValueName("⟳" + op))).output(0);
    }

    /** The nodes written so far, in the order written (a topological order). */
    List<Node> nodes() {
        return graph.nodes();
    }
}
