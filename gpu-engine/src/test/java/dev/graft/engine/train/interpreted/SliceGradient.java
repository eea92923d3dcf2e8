package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.ops.standard.Slice;
import dev.graft.engine.tensor.Tensor;

/**
 * Slice (bounds as inputs, opset 10+): the gradient is zero except at the sliced
 * positions, which get the output gradient, added back through the op's own
 * {@link Slice#view}.
 */
public final class SliceGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Slice";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int[] shape = ctx.input(0).shape();
        long[] axes = ctx.input(3) == null ? null : ctx.input(3).toLongs();
        long[] steps = ctx.input(4) == null ? null : ctx.input(4).toLongs();
        Slice.View view = Slice.view(shape, ctx.input(1).toLongs(), ctx.input(2).toLongs(), axes, steps);
        Tensor g = ctx.outputGrad(0);
        float[] dx = new float[Tensor.sizeOf(shape)];
        StridedCopy.scatterAdd(g.floats(), g.shape(), dx, view.offset(), view.strides());
        out[0] = InterpretedMath.floats(shape, dx);
        return out;
    }
}
