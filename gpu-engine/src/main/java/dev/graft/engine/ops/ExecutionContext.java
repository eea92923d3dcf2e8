package dev.graft.engine.ops;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** One node's concrete inputs while it runs on the CPU. */
public record ExecutionContext(Node node, List<Tensor> inputs) {

    public Attributes attributes() {
        return node.attributes();
    }

    public int inputCount() {
        return inputs.size();
    }

    /** Input {@code i}, or {@code null} when absent. */
    public Tensor input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    /** Input {@code i}, which the op cannot do without. */
    public Tensor required(int i) {
        Tensor t = input(i);
        if (t == null) {
            throw new OpException("input " + i + " is required");
        }
        return t;
    }
}
