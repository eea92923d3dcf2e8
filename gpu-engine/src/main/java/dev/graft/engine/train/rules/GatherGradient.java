package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.grad.GatherGrad;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.SoftmaxCrossEntropy;

/**
 * Gather (an embedding lookup when axis is 0): the gradient of the data is zero except
 * at the gathered rows, where the output gradients add up ({@link GatherGrad}). Indices
 * have no gradient.
 */
public final class GatherGradient implements GradientRule {
    @Override
    public String op() {
        return "Gather";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            BackwardGraph g = ctx.graph();
            out[0] = g.op(SoftmaxCrossEntropy.DOMAIN, GatherGrad.NAME, ctx.attributes(), ctx.outputGrad(0),
                    ctx.input(1), g.longs(ctx.inputShape(0)));
        }
        return out;
    }
}
