package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.SoftmaxCrossEntropy;

/**
 * Mean softmax cross-entropy: dlogits = (softmax(logits) − onehot(label)) · dloss / rows.
 * The one-hot positions are an integer comparison of the labels with 0..C−1 (on the
 * host, where labels live); the softmax and the arithmetic are floating ops.
 */
public final class SoftmaxCrossEntropyGradient implements GradientRule {
    @Override
    public String op() {
        return SoftmaxCrossEntropy.NAME;
    }

    @Override
    public String domain() {
        return SoftmaxCrossEntropy.DOMAIN;
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        BackwardGraph g = ctx.graph();
        int[] shape = ctx.inputShape(0);
        int classes = shape[shape.length - 1];
        int rows = Tensor.sizeOf(shape) / Math.max(1, classes);
        Value classIds = g.op("Range", g.constant(Tensor.scalar(0L)), g.constant(Tensor.scalar((long) classes)),
                g.constant(Tensor.scalar(1L)));
        Value isLabel = g.op("Equal", g.op("Unsqueeze", ctx.input(1), g.longs(-1)), classIds);
        Value p = g.op("Softmax", Attributes.NONE.with("axis", new Attribute.Int(-1)), ctx.input(0));
        Value shifted = g.op("Where", isLabel, g.op("Sub", p, g.scalar(1)), p);
        out[0] = g.mul(shifted, g.scale(ctx.outputGrad(0), 1f / rows));
        return out;
    }
}
