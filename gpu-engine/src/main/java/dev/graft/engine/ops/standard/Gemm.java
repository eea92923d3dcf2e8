package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.cpu.FloatArithmetic;
import dev.graft.engine.cpu.MatMulKernel;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Gemm: {@code Y = alpha * A' B' + beta * C} for 2-D A and B, optionally transposed, C broadcast. */
public final class Gemm implements Op {
    @Override
    public String name() {
        return "Gemm";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType a = ctx.inputType(0);
        TensorType b = ctx.inputType(1);
        Types.sameDType(ctx, 3);
        Types.requireFloating(a, "Gemm input");
        Types.requireRank(a, 2, "A");
        Types.requireRank(b, 2, "B");
        boolean ta = ctx.attributes().getInt("transA", 0) != 0;
        boolean tb = ctx.attributes().getInt("transB", 0) != 0;
        Dim m = a.shape().dim(ta ? 1 : 0);
        Dim ka = a.shape().dim(ta ? 0 : 1);
        Dim kb = b.shape().dim(tb ? 1 : 0);
        Dim n = b.shape().dim(tb ? 0 : 1);
        if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
            throw new OpException("Gemm inner dimensions differ: " + a + " x " + b
                    + (ta || tb ? " (transA=" + (ta ? 1 : 0) + ", transB=" + (tb ? 1 : 0) + ")" : ""));
        }
        Shape out = Shape.of(m, n);
        if (ctx.hasInput(2)) {
            Shape c = ctx.inputType(2).shape();
            if (!Broadcasting.shape(out, c).equals(out) && out.isStatic()) {
                throw new OpException("Gemm C of shape " + c + " does not broadcast to " + out);
            }
        }
        return List.of(new TensorType(a.dtype(), out));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor a = ctx.required(0);
        Tensor b = ctx.required(1);
        boolean ta = ctx.attributes().getInt("transA", 0) != 0;
        boolean tb = ctx.attributes().getInt("transB", 0) != 0;
        float alpha = ctx.attributes().getFloat("alpha", 1f);
        float beta = ctx.attributes().getFloat("beta", 1f);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new OpException("Gemm inputs must be 2-D");
        }
        int m = a.dim(ta ? 1 : 0);
        int k = a.dim(ta ? 0 : 1);
        int n = b.dim(tb ? 0 : 1);
        if (b.dim(tb ? 1 : 0) != k) {
            throw new OpException("Gemm inner dimensions differ: " + k + " and " + b.dim(tb ? 1 : 0));
        }
        float[] x = ta ? MatMulKernel.transpose(a.floats(), 0, k, m) : a.floats();
        float[] y = tb ? MatMulKernel.transpose(b.floats(), 0, n, k) : b.floats();
        float[] out = new float[m * n];
        MatMulKernel.multiply(x, 0, y, 0, out, 0, m, k, n);
        if (alpha != 1f) {
            for (int i = 0; i < out.length; i++) {
                out[i] *= alpha;
            }
        }
        Tensor result = Tensor.ofFloats(a.dtype(), new int[] {m, n}, out);
        Tensor c = ctx.input(2);
        if (c != null && beta != 0f) {
            int[] shape = Broadcasting.shape(result.shape(), c.shape());
            if (shape[0] != m || shape[1] != n || shape.length != 2) {
                throw new OpException("Gemm C does not broadcast to [" + m + ", " + n + "]");
            }
            // Through FloatArithmetic's vector rows: a lambda here would run element by element.
            Tensor scaled = beta == 1f ? c : Elementwise.floats(c, Tensor.ofFloats(c.dtype(), new int[0],
                    new float[] {beta}), FloatArithmetic.MUL);
            result = Elementwise.floats(result, scaled, FloatArithmetic.ADD);
        }
        return List.of(result);
    }
}
