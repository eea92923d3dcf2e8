package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.MatMulKernel;
import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * The tensor arithmetic that the interpreted gradient rules share: broadcasting and its adjoint
 * (summing a gradient back to an operand's shape), transposes and batched
 * matrix products on the CPU kernel. All float32,
 * row-major, never writing into an input.
 */
public final class InterpretedMath {
    private InterpretedMath() {
    }

    public static Tensor floats(int[] shape, float[] data) {
        return Tensor.ofFloats(DType.FLOAT32, shape, data);
    }

    /** {@code a + b} of equal shapes. */
    public static Tensor add(Tensor a, Tensor b) {
        requireSameShape(a, b);
        float[] x = a.floats();
        float[] y = b.floats();
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + y[i];
        }
        return floats(a.shape(), out);
    }

    /** {@code factor · t}. */
    public static Tensor scale(Tensor t, float factor) {
        float[] src = t.floats();
        float[] out = new float[src.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = src[i] * factor;
        }
        return floats(t.shape(), out);
    }

    /** An axis attribute as an index, negative values counting from the end. */
    public static int axis(long axis, int rank) {
        int a = (int) (axis < 0 ? axis + rank : axis);
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** {@code t} read as if broadcast to {@code shape} (numpy rules), materialized. */
    public static float[] expand(Tensor t, int[] shape) {
        return StridedCopy.gather(t.floats(), 0, shape, Strides.broadcast(t.shape(), shape));
    }

    /**
     * The adjoint of broadcasting: sums {@code grad} (of the broadcast shape) over
     * the dimensions along which an operand of shape {@code target} was repeated.
     */
    public static Tensor sumTo(float[] grad, int[] gradShape, int[] target) {
        if (Arrays.equals(gradShape, target)) {
            return floats(target, grad);
        }
        float[] out = new float[Tensor.sizeOf(target)];
        StridedCopy.scatterAdd(grad, gradShape, out, 0, Strides.broadcast(target, gradShape));
        return floats(target, out);
    }

    /** The axes permuted: output axis i is input axis {@code perm[i]}. */
    public static Tensor transpose(Tensor t, int[] perm) {
        int[] in = t.shape();
        int[] outShape = new int[in.length];
        int[] inStrides = Strides.of(in);
        int[] walk = new int[in.length];
        for (int i = 0; i < perm.length; i++) {
            outShape[i] = in[perm[i]];
            walk[i] = inStrides[perm[i]];
        }
        return floats(outShape, StridedCopy.gather(t.floats(), 0, outShape, walk));
    }

    /** The inverse of a permutation. */
    public static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    /** Swaps the last two axes (rank ≥ 2). */
    public static Tensor swapLast(Tensor t) {
        int r = t.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return transpose(t, perm);
    }

    /**
     * Batched {@code a (…, m, k) · b (…, k, n)}, both of rank ≥ 2, batch axes
     * broadcast against each other.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("matmul inner dimensions differ: " + Arrays.toString(as)
                    + " x " + Arrays.toString(bs));
        }
        int[] batch = broadcastBatch(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        float[] ae = expandBatch(a, batch, m, k);
        float[] be = expandBatch(b, batch, k, n);
        int count = Tensor.sizeOf(batch);
        float[] c = new float[count * m * n];
        for (int i = 0; i < count; i++) {
            MatMulKernel.multiply(ae, i * m * k, be, i * k * n, c, i * m * n, m, k, n);
        }
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        return floats(out, c);
    }

    private static float[] expandBatch(Tensor t, int[] batch, int rows, int cols) {
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        return Arrays.equals(t.shape(), full) ? t.floats() : expand(t, full);
    }

    /** Numpy broadcasting of batch shapes: a dimension of 1 takes the other's size, even 0. */
    private static int[] broadcastBatch(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i < r - a.length ? 1 : a[i - (r - a.length)];
            int y = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("batch dimensions do not broadcast: "
                        + Arrays.toString(a) + " and " + Arrays.toString(b));
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    private static void requireSameShape(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()));
        }
    }
}
