package dev.graft.engine.ops.grad;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code graft.train::ReluGrad(dy, x) → dx}, Relu's adjoint: dy where x > 0, else 0 (NaN
 * in x gives 0, as x > 0 is false). One floating op instead of Where over Greater: the
 * boolean mask would be a host value (integer and boolean values stay on the host), so on
 * a device the comparison would download x every backward pass; this runs where dy lives.
 */
public final class ReluGrad extends GradOp {
    public static final String NAME = "ReluGrad";

    public ReluGrad() {
        super(NAME);
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType dy = ctx.inputType(0);
        TensorType x = ctx.inputType(1);
        if (!dy.dtype().isFloating() || !x.dtype().isFloating() || !dy.shape().equals(x.shape())) {
            throw new OpException(NAME + ": dy " + dy + " and x " + x + " must be floating of one shape");
        }
        return List.of(dy);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor dy = ctx.required(0);
        Tensor x = ctx.required(1);
        if (!Arrays.equals(dy.shape(), x.shape())) {
            throw new OpException(NAME + ": dy " + Arrays.toString(dy.shape()) + " and x " + Arrays.toString(x.shape())
                    + " differ in shape");
        }
        float[] g = dy.floats();
        float[] v = x.floats();
        float[] dx = new float[g.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = v[i] > 0 ? g[i] : 0f;
        }
        return List.of(Tensor.ofFloats(dy.dtype(), dy.shape(), dx));
    }
}
