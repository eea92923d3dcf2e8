package dev.graft.engine.train.interpreted;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * What a {@link InterpretedRule} sees of one node: the tensors it read and wrote in
 * the forward pass, the gradients of its outputs (a missing output gradient is
 * {@code null}: nothing downstream depends on that output), and which input
 * gradients are wanted.
 */
public record InterpretedContext(Node node, List<Tensor> inputs, List<Tensor> outputs, List<Tensor> outputGrads,
                              boolean[] wanted) {

    public Attributes attributes() {
        return node.attributes();
    }

    public Tensor input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    public Tensor output(int i) {
        return outputs.get(i);
    }

    /** The gradient of output i; null when nothing depends on it. */
    public Tensor outputGrad(int i) {
        return i < outputGrads.size() ? outputGrads.get(i) : null;
    }

    public boolean wants(int i) {
        return i < wanted.length && wanted[i];
    }

    /** An all-null result to fill in, one slot per input. */
    public Tensor[] none() {
        return new Tensor[inputs.size()];
    }
}
