package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.grad.SoftmaxCrossEntropyGrad;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.SoftmaxCrossEntropy;

/** Mean softmax cross-entropy: dlogits = (softmax(logits) − onehot(label)) · dloss / rows, one op. */
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
        if (ctx.wants(0)) {
            out[0] = ctx.graph().op(SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropyGrad.NAME, Attributes.NONE,
                    ctx.input(0), ctx.input(1), ctx.outputGrad(0));
        }
        return out;
    }
}
