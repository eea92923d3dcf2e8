package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import java.util.Arrays;

/**
 * MatMul C = A·B (numpy semantics): dA = dC·Bᵀ, dB = Aᵀ·dC, summed over the batch axes
 * an operand was broadcast along. A 1-D operand is treated as a row (A) or column (B)
 * matrix and its gradient reshaped back.
 */
public final class MatMulGradient implements GradientRule {
    @Override
    public String op() {
        return "MatMul";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        BackwardGraph g = ctx.graph();
        int[] as = ctx.inputShape(0);
        int[] bs = ctx.inputShape(1);
        int[] a2 = as.length == 1 ? new int[] {1, as[0]} : as;
        int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int[] batch = Broadcasting.shape(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        Value[] out = ctx.none();
        if (b2.length == 2 && a2.length > 2) {
            return weightProduct(ctx, a2, b2, out);
        }
        Value dc = g.reshape(ctx.outputGrad(0), withMatrix(batch, m, n));
        Value a = g.reshape(ctx.input(0), a2);
        Value b = g.reshape(ctx.input(1), b2);
        if (ctx.wants(0)) {
            Value da = g.op("MatMul", dc, g.swapLast(b, b2.length));
            out[0] = g.reshape(g.sumTo(da, withMatrix(batch, m, k), a2), as);
        }
        if (ctx.wants(1)) {
            Value db = g.op("MatMul", g.swapLast(a, a2.length), dc);
            out[1] = g.reshape(g.sumTo(db, withMatrix(batch, k, n), b2), bs);
        }
        return out;
    }

    /**
     * Activations (…, m, k) times a weight matrix (k, n), the common case: the batch axes
     * fold into the rows, so each gradient is one GEMM with the transpose in its flags.
     */
    private static Value[] weightProduct(GradientContext ctx, int[] a2, int[] b2, Value[] out) {
        BackwardGraph g = ctx.graph();
        int k = b2[0];
        int n = b2[1];
        int rows = Arrays.stream(a2).reduce(1, Math::multiplyExact) / k;
        Value rowsG = g.reshape(ctx.outputGrad(0), new int[] {rows, n});
        if (ctx.wants(0)) {
            out[0] = g.reshape(g.gemm(rowsG, g.reshape(ctx.input(1), b2), false, true, 1f), ctx.inputShape(0));
        }
        if (ctx.wants(1)) {
            Value rowsA = g.reshape(ctx.input(0), new int[] {rows, k});
            out[1] = g.reshape(g.gemm(rowsA, rowsG, true, false, 1f), ctx.inputShape(1));
        }
        return out;
    }

    private static int[] withMatrix(int[] batch, int rows, int cols) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }
}
