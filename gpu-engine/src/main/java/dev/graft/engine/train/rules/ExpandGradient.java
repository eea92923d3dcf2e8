package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Expand broadcasts its input, so the gradient is summed back over the repeated axes. */
public final class ExpandGradient implements GradientRule {
    @Override
    public String op() {
        return "Expand";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            out[0] = ctx.graph().sumTo(ctx.outputGrad(0), ctx.outputShape(0), ctx.inputShape(0));
        }
        return out;
    }
}
