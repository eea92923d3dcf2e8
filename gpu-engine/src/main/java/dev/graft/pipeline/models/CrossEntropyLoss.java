package dev.graft.pipeline.models;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;

/**
 * The mean softmax cross-entropy of logits (…, C) against integer labels (…) as
 * standard ops, −mean over positions of logsoftmax(logits)[label], so that a GPU runs
 * the loss with the kernels it has (LogSoftmax, Gather, a reduction) instead of copying
 * the logits to the host for the loss op ({@code graft.train::SoftmaxCrossEntropy},
 * which computes the same). The label's entry is gathered from the flattened
 * log-probabilities at position·C + label, an index computed on the host from the
 * labels alone. Labels must lie in 0..C−1, which the loss op would check.
 */
final class CrossEntropyLoss {
    private CrossEntropyLoss() {
    }

    static Value of(ModelBuilder b, Value logits, Value labels, int classes) {
        Value flatLabels = b.node("Reshape", labels, b.constant("loss.flat", Tensor.ofLongs(new int[] {1}, -1)));
        Value positions = b.node("Range", b.constant("loss.zero_index", Tensor.scalar(0L)), b.node("Size", labels),
                b.constant("loss.one_index", Tensor.scalar(1L)));
        Value at = b.node("Add", b.node("Mul", positions, b.constant("loss.classes", Tensor.scalar((long) classes))),
                flatLabels);
        Value logp = b.node("LogSoftmax", Attributes.NONE.with("axis", new Attribute.Int(-1)), logits);
        Value picked = b.node("Gather", b.node("Reshape", logp, b.constant("loss.flat_logp",
                Tensor.ofLongs(new int[] {1}, -1))), at);
        return b.node("Neg", b.node("ReduceMean", Attributes.NONE.with("keepdims", new Attribute.Int(0)), picked));
    }
}
