package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/**
 * Split along {@code axis}: the input's gradient is the outputs' gradients laid
 * side by side, zeros for an output nothing depends on. The sizes input has none.
 */
public final class SplitGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Split";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int[] shape = ctx.input(0).shape();
        int axis = InterpretedMath.axis(ctx.attributes().getInt("axis", 0), shape.length);
        float[] dx = new float[Tensor.sizeOf(shape)];
        int from = 0;
        for (int i = 0; i < ctx.outputs().size(); i++) {
            Tensor g = ctx.outputGrad(i);
            if (g != null) {
                Slabs.put(dx, shape, axis, from, g);
            }
            from += ctx.output(i).dim(axis);
        }
        out[0] = InterpretedMath.floats(shape, dx);
        return out;
    }
}
