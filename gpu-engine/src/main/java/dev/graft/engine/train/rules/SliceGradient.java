package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.grad.SliceGrad;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.SoftmaxCrossEntropy;

/**
 * Slice (bounds as inputs, opset 10+): the gradient is zero except at the sliced
 * positions, which get the output gradient ({@link SliceGrad}, from Slice's own bounds).
 */
public final class SliceGradient implements GradientRule {
    @Override
    public String op() {
        return "Slice";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            BackwardGraph g = ctx.graph();
            out[0] = g.op(SoftmaxCrossEntropy.DOMAIN, SliceGrad.NAME, Attributes.NONE, ctx.outputGrad(0),
                    g.longs(ctx.inputShape(0)), ctx.input(1), ctx.input(2), ctx.input(3), ctx.input(4));
        }
        return out;
    }
}
