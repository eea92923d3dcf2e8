package dev.graft.engine.train.rules;

import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/**
 * Slice (bounds as inputs, opset 10+): the gradient is zero except at the sliced
 * positions, which get the output gradient. Starts are clamped as the op clamps
 * them; the output gradient's shape gives the counts.
 */
public final class SliceGradient implements GradientRule {
    @Override
    public String op() {
        return "Slice";
    }

    @Override
    public Tensor[] backward(GradientContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int[] shape = ctx.input(0).shape();
        long[] starts = ctx.input(1).toLongs();
        long[] axes = ctx.input(3) == null ? null : ctx.input(3).toLongs();
        long[] steps = ctx.input(4) == null ? null : ctx.input(4).toLongs();
        int[] strides = Strides.of(shape);
        int[] walk = strides.clone();
        int offset = 0;
        Tensor g = ctx.outputGrad(0);
        for (int i = 0; i < starts.length; i++) {
            int a = axes == null ? i : GradMath.axis(axes[i], shape.length);
            long step = steps == null ? 1 : steps[i];
            if (g.dim(a) > 0) {
                offset += (int) clampedStart(starts[i], step, shape[a]) * strides[a];
            }
            walk[a] = (int) (strides[a] * step);
        }
        float[] dx = new float[Tensor.sizeOf(shape)];
        StridedCopy.scatterAdd(g.floats(), g.shape(), dx, offset, walk);
        out[0] = GradMath.floats(shape, dx);
        return out;
    }

    private static long clampedStart(long start, long step, int dim) {
        long s = start < 0 ? start + dim : start;
        return step > 0 ? Math.clamp(s, 0, dim) : Math.clamp(s, 0, dim - 1);
    }
}
