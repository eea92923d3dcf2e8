package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.standard.GeluFormula;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code FusedGelu(x)}, elementwise, with attribute {@code approximate}: {@code "tanh"}
 * (the default, what FusedGelu meant before the exact form was added),
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, or {@code "none"},
 * {@code 0.5 x (1 + erf(x / sqrt(2)))}.
 */
public final class FusedGelu implements Op {
    static final String DEFAULT_APPROXIMATE = "tanh";

    @Override
    public String name() {
        return "FusedGelu";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        GeluFormula.of(ctx.attributes().getString("approximate", DEFAULT_APPROXIMATE));
        return List.of(Checks.floating(ctx, 0, "x"));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        DoubleUnaryOperator gelu = GeluFormula.of(ctx.attributes().getString("approximate", DEFAULT_APPROXIMATE));
        Tensor x = ctx.required(0);
        float[] in = x.floats();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) gelu.applyAsDouble(in[i]);
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }
}
