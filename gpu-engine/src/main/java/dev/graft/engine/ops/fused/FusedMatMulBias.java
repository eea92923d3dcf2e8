package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.standard.MatMul;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * {@code FusedMatMulBias(a, b, bias) = MatMul(a, b) + bias}: ONNX MatMul's shapes,
 * then a 1-D bias of the output's last dimension added to every row.
 */
public final class FusedMatMulBias implements Op {
    private static final MatMul MATMUL = new MatMul();

    @Override
    public String name() {
        return "FusedMatMulBias";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType out = MATMUL.inferTypes(ctx).getFirst();
        if (out.rank() == 0) {
            throw new OpException("the product must have rank 1 or more for a bias");
        }
        Checks.lastAxisParameter(out, Checks.floating(ctx, 2, "bias"), "bias");
        return List.of(out);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor product = MatMul.multiply(ctx.required(0), ctx.required(1));
        float[] bias = ctx.required(2).floats();
        float[] p = product.floats();
        int n = product.shape()[product.rank() - 1];
        if (bias.length != n) {
            throw new OpException("bias has " + bias.length + " elements for rows of " + n);
        }
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] + bias[i % n];
        }
        return List.of(Tensor.ofFloats(product.dtype(), product.shape(), out));
    }
}
