package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * MatMul C = A·B (numpy semantics): dA = dC·Bᵀ, dB = Aᵀ·dC, summed over the
 * batch axes an operand was broadcast along. A 1-D operand is treated as a row
 * (A) or column (B) matrix and its gradient reshaped back.
 */
public final class MatMulGradient implements InterpretedRule {
    @Override
    public String op() {
        return "MatMul";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1);
        Tensor a2 = a.rank() == 1 ? a.reshape(1, a.dim(0)) : a;
        Tensor b2 = b.rank() == 1 ? b.reshape(b.dim(0), 1) : b;
        Tensor g = ctx.outputGrad(0).reshape(matrixShape(ctx.outputGrad(0).shape(), a.rank() == 1, b.rank() == 1));
        Tensor[] out = ctx.none();
        if (b2.rank() == 2 && a2.rank() > 2) {
            return weightProduct(ctx, a2, b2, g, out);
        }
        if (ctx.wants(0)) {
            Tensor da = InterpretedMath.matmul(g, InterpretedMath.swapLast(b2));
            out[0] = InterpretedMath.sumTo(da.floats(), da.shape(), a2.shape()).reshape(a.shape());
        }
        if (ctx.wants(1)) {
            Tensor db = InterpretedMath.matmul(InterpretedMath.swapLast(a2), g);
            out[1] = InterpretedMath.sumTo(db.floats(), db.shape(), b2.shape()).reshape(b.shape());
        }
        return out;
    }

    /**
     * Activations (…, m, k) times a weight matrix (k, n), the common case: the
     * batch axes fold into the rows, so each gradient is one large product
     * instead of one small product per batch entry against a copied weight.
     */
    private static Tensor[] weightProduct(InterpretedContext ctx, Tensor a, Tensor b, Tensor g, Tensor[] out) {
        int k = b.dim(0);
        int n = b.dim(1);
        Tensor rowsA = a.reshape(a.size() / k, k);
        Tensor rowsG = g.reshape(g.size() / n, n);
        if (ctx.wants(0)) {
            out[0] = InterpretedMath.matmul(rowsG, InterpretedMath.swapLast(b)).reshape(ctx.input(0).shape());
        }
        if (ctx.wants(1)) {
            out[1] = InterpretedMath.matmul(InterpretedMath.swapLast(rowsA), rowsG).reshape(ctx.input(1).shape());
        }
        return out;
    }

    /** The output shape with the unit dimensions that 1-D operands dropped put back. */
    private static int[] matrixShape(int[] out, boolean rowVector, boolean columnVector) {
        int[] shape = out;
        if (columnVector) {
            shape = Arrays.copyOf(shape, shape.length + 1);
            shape[shape.length - 1] = 1;
        }
        if (rowVector) {
            int[] withRow = new int[shape.length + 1];
            System.arraycopy(shape, 0, withRow, 0, shape.length - 1);
            withRow[shape.length - 1] = 1;
            withRow[shape.length] = shape[shape.length - 1];
            shape = withRow;
        }
        return shape;
    }
}
