package dev.graft.engine.train.rules;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Expand broadcasts its input, so the gradient is summed back over the repeated axes. */
public final class ExpandGradient implements GradientRule {
    @Override
    public String op() {
        return "Expand";
    }

    @Override
    public Tensor[] backward(GradientContext ctx) {
        Tensor[] out = ctx.none();
        if (ctx.wants(0)) {
            Tensor g = ctx.outputGrad(0);
            out[0] = GradMath.sumTo(g.floats(), g.shape(), ctx.input(0).shape());
        }
        return out;
    }
}
