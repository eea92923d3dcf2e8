package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/** Concat along {@code axis}: each input's gradient is its own slab of the output gradient. */
public final class ConcatGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Concat";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor g = ctx.outputGrad(0);
        int[] shape = g.shape();
        int axis = InterpretedMath.axis(ctx.attributes().getInt("axis", 0), shape.length);
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
