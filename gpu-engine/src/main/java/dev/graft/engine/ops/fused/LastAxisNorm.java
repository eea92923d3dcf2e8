package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.standard.Normalization;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * A normalization over the last axis with a 1-D weight and an optional 1-D bias:
 * {@code y = (x - center) / sqrt(spread + epsilon) * weight + bias}, where RMSNorm
 * centers on 0 and spreads by the mean square, LayerNorm on the mean and by the
 * variance. Sums in double; output of x's dtype and shape.
 */
abstract class LastAxisNorm implements Op {

    /** Whether x is centered on its mean first (LayerNorm) or not (RMSNorm). */
    abstract boolean centered();

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType x = Checks.floating(ctx, 0, name() + " input");
        if (x.rank() == 0) {
            throw new OpException(name() + " input must have rank 1 or more");
        }
        Checks.lastAxisParameter(x, Checks.floating(ctx, 1, name() + " weight"), name() + " weight");
        if (ctx.inputCount() > 2 && ctx.hasInput(2)) {
            Checks.lastAxisParameter(x, Checks.floating(ctx, 2, name() + " bias"), name() + " bias");
        }
        long axis = ctx.attributes().getInt("axis", -1);
        if (axis != -1 && axis != x.rank() - 1) {
            throw new OpException(name() + " normalizes the last axis only, got axis=" + axis);
        }
        return List.of(x);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        float[] w = ctx.required(1).floats();
        Tensor biasTensor = ctx.input(2);
        float[] b = biasTensor == null ? null : biasTensor.floats();
        double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
        int d = x.shape()[x.rank() - 1];
        if (w.length != d || (b != null && b.length != d)) {
            throw new OpException(name() + " weight and bias must have length " + d);
        }
        float[] in = x.floats();
        float[] out = new float[in.length];
        for (int row = 0; row < in.length; row += d) {
            double mean = centered() ? Normalization.rowMean(in, row, d) : 0;
            double inv = Normalization.inverseStd(in, row, d, mean, eps);
            for (int i = 0; i < d; i++) {
                out[row + i] = (float) ((in[row + i] - mean) * inv * w[i] + (b == null ? 0 : b[i]));
            }
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }
}
