package dev.graft.pipeline.models;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;

/**
 * The mean softmax cross-entropy of logits (…, C) against integer labels (…) as
 * standard ops, −mean over positions of Σ_c [c = label]·logsoftmax(logits)_c, so that
 * a GPU runs the loss and its gradient with the kernels it has (LogSoftmax, Where,
 * reductions) instead of copying the logits to the host for the loss op
 * ({@code graft.train::SoftmaxCrossEntropy}, which computes the same). Labels must lie
 * in 0..C−1: one outside matches no class and adds nothing, where the loss op would
 * refuse it.
 */
final class CrossEntropyLoss {
    private CrossEntropyLoss() {
    }

    static Value of(ModelBuilder b, Value logits, Value labels, int classes) {
        Value classIds = b.node("Range", b.constant("loss.first_class", Tensor.scalar(0L)),
                b.constant("loss.classes", Tensor.scalar((long) classes)), b.constant("loss.step", Tensor.scalar(1L)));
        Value isLabel = b.node("Equal", b.node("Unsqueeze", labels,
                b.constant("loss.class_axis", Tensor.ofLongs(new int[] {1}, -1))), classIds);
        Value logp = b.node("LogSoftmax", Attributes.NONE.with("axis", new Attribute.Int(-1)), logits);
        Value picked = b.node("Where", isLabel, logp, b.constant("loss.zero", Tensor.scalar(0f)));
        Value perPosition = b.node("ReduceSum", Attributes.NONE.with("keepdims", new Attribute.Int(0)), picked,
                b.constant("loss.last_axis", Tensor.ofLongs(new int[] {1}, -1)));
        return b.node("Neg", b.node("ReduceMean", Attributes.NONE.with("keepdims", new Attribute.Int(0)),
                perPosition));
    }
}
