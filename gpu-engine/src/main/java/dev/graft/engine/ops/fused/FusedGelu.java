package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** {@code FusedGelu(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, GELU's tanh approximation, elementwise. */
public final class FusedGelu implements Op {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    @Override
    public String name() {
        return "FusedGelu";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return List.of(Checks.floating(ctx, 0, "x"));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        float[] in = x.floats();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            double v = in[i];
            out[i] = (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }
}
