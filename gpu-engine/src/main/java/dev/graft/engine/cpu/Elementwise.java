package dev.graft.engine.cpu;

import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** Elementwise loops over broadcast operands, on float or long storage. */
public final class Elementwise {
    private Elementwise() {
    }

    @FunctionalInterface
    public interface FloatBinary {
        float apply(float a, float b);
    }

    @FunctionalInterface
    public interface FloatPredicate {
        boolean test(float a, float b);
    }

    @FunctionalInterface
    public interface LongPredicate {
        boolean test(long a, long b);
    }

    /**
     * {@code f} over broadcast float operands; the result has {@code a}'s dtype.
     * A {@link FloatArithmetic} runs vectorized rows.
     */
    public static Tensor floats(Tensor a, Tensor b, FloatBinary f) {
        int[] shape = Broadcasting.shape(a.shape(), b.shape());
        float[] x = a.floats();
        float[] y = b.floats();
        float[] out = new float[Tensor.sizeOf(shape)];
        if (f instanceof FloatArithmetic op) {
            forEachRow(shape, a, b, (o, i, sx, j, sy, n) -> op.row(x, i, sx, y, j, sy, out, o, n));
        } else {
            forEachRow(shape, a, b, (o, i, sx, j, sy, n) -> {
                for (int k = 0; k < n; k++, i += sx, j += sy) {
                    out[o + k] = f.apply(x[i], y[j]);
                }
            });
        }
        return Tensor.ofFloats(a.dtype(), shape, out);
    }

    /** {@code f} over broadcast integer operands; the result has {@code a}'s dtype. */
    public static Tensor longs(Tensor a, Tensor b, LongBinaryOperator f) {
        return longs(a, b, f, a.dtype());
    }

    private static Tensor longs(Tensor a, Tensor b, LongBinaryOperator f, DType dtype) {
        int[] shape = Broadcasting.shape(a.shape(), b.shape());
        long[] x = a.longs();
        long[] y = b.longs();
        long[] out = new long[Tensor.sizeOf(shape)];
        forEachRow(shape, a, b, (o, i, sx, j, sy, n) -> {
            for (int k = 0; k < n; k++, i += sx, j += sy) {
                out[o + k] = f.applyAsLong(x[i], y[j]);
            }
        });
        return Tensor.ofLongs(dtype, shape, out);
    }

    /** A boolean tensor of {@code p} over broadcast float operands. */
    public static Tensor compareFloats(Tensor a, Tensor b, FloatPredicate p) {
        int[] shape = Broadcasting.shape(a.shape(), b.shape());
        float[] x = a.floats();
        float[] y = b.floats();
        long[] out = new long[Tensor.sizeOf(shape)];
        forEachRow(shape, a, b, (o, i, sx, j, sy, n) -> {
            for (int k = 0; k < n; k++, i += sx, j += sy) {
                out[o + k] = p.test(x[i], y[j]) ? 1 : 0;
            }
        });
        return Tensor.ofLongs(DType.BOOL, shape, out);
    }

    /** A boolean tensor of {@code p} over broadcast integer or boolean operands. */
    public static Tensor compareLongs(Tensor a, Tensor b, LongPredicate p) {
        return longs(a, b, (x, y) -> p.test(x, y) ? 1 : 0, DType.BOOL);
    }

    /**
     * One output row of a broadcast pair: it starts at {@code out}; the operands'
     * elements start at {@code i} and {@code j} and advance by {@code sx} and
     * {@code sy} (0 where an operand is broadcast along the row).
     */
    @FunctionalInterface
    private interface PairRow {
        void run(int out, int i, int sx, int j, int sy, int n);
    }

    private static void forEachRow(int[] shape, Tensor a, Tensor b, PairRow row) {
        BroadcastRows rows = new BroadcastRows(shape, a.shape(), b.shape());
        int sx = rows.innerStride(0);
        int sy = rows.innerStride(1);
        rows.forEachRow((o, in, n) -> row.run(o, in[0], sx, in[1], sy, n));
    }

    /** {@code f} on every element of a floating tensor, computed in double precision. */
    public static Tensor map(Tensor a, DoubleUnaryOperator f) {
        float[] x = a.floats();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) f.applyAsDouble(x[i]);
        }
        return Tensor.ofFloats(a.dtype(), a.shape(), out);
    }

    /** {@code f} on every element of an integer tensor. */
    public static Tensor mapLongs(Tensor a, LongUnaryOperator f, DType result) {
        long[] x = a.longs();
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = f.applyAsLong(x[i]);
        }
        return Tensor.ofLongs(result, a.shape(), out);
    }
}
