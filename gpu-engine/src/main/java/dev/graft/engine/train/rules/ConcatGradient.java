package dev.graft.engine.train.rules;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Concat along {@code axis}: each input's gradient is its own slab of the output gradient. */
public final class ConcatGradient implements GradientRule {
    @Override
    public String op() {
        return "Concat";
    }

    @Override
    public Tensor[] backward(GradientContext ctx) {
        Tensor g = ctx.outputGrad(0);
        int[] shape = g.shape();
        int axis = GradMath.axis(ctx.attributes().getInt("axis", 0), shape.length);
        Tensor[] out = ctx.none();
        int from = 0;
        for (int i = 0; i < ctx.inputs().size(); i++) {
            int size = ctx.input(i).dim(axis);
            if (ctx.wants(i)) {
                out[i] = Slabs.take(g, axis, from, size);
            }
            from += size;
        }
        return out;
    }
}
