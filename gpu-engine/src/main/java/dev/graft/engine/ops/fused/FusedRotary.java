package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * Rotary position embedding in the rotate-half form:
 * {@code FusedRotary(x (..., d), cos, sin) = x * cos + rotate_half(x) * sin}, where
 * {@code rotate_half(x) = concat(-x[..., d/2:], x[..., :d/2])} and cos, sin broadcast
 * to x (usually (1, 1, s, d) against (b, h, s, d)). d must be even.
 */
public final class FusedRotary implements Op {
    @Override
    public String name() {
        return "FusedRotary";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType x = Checks.floating(ctx, 0, "x");
        TensorType cos = Checks.floating(ctx, 1, "cos");
        TensorType sin = Checks.floating(ctx, 2, "sin");
        if (x.rank() == 0) {
            throw new OpException("x must have rank 1 or more");
        }
        var last = x.shape().dim(x.rank() - 1);
        if (last.isKnown() && last.size() % 2 != 0) {
            throw new OpException("the last dimension of x must be even, got " + x);
        }
        Shape b = Broadcasting.shape(List.of(x.shape(), cos.shape(), sin.shape()));
        if (b.rank() != x.rank()) {
            throw new OpException("cos " + cos + " and sin " + sin + " must broadcast to x " + x);
        }
        for (int i = 0; i < b.rank(); i++) {
            Checks.sameDim(b.dim(i), x.shape().dim(i), "cos " + cos + " and sin " + sin + " against x " + x);
        }
        return List.of(x);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        Tensor cos = ctx.required(1);
        Tensor sin = ctx.required(2);
        int[] shape = x.shape();
        int d = shape[shape.length - 1];
        int half = d / 2;
        int[] cosAt = BroadcastStrides.offsets(cos.shape(), shape, "cos");
        int[] sinAt = BroadcastStrides.offsets(sin.shape(), shape, "sin");
        float[] in = x.floats();
        float[] c = cos.floats();
        float[] s = sin.floats();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            int pos = i % d;
            float rotated = pos < half ? -in[i + half] : in[i - half];
            out[i] = in[i] * c[cosAt[i]] + rotated * s[sinAt[i]];
        }
        return List.of(Tensor.ofFloats(x.dtype(), shape, out));
    }
}
