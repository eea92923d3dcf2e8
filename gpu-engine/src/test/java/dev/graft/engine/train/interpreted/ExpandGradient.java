package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/** Expand broadcasts its input, so the gradient is summed back over the repeated axes. */
public final class ExpandGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Expand";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (ctx.wants(0)) {
            Tensor g = ctx.outputGrad(0);
            out[0] = InterpretedMath.sumTo(g.floats(), g.shape(), ctx.input(0).shape());
        }
        return out;
    }
}
