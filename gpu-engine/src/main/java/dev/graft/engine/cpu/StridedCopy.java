package dev.graft.engine.cpu;

import dev.graft.engine.tensor.Tensor;

/**
 * Gathers a strided view of a tensor into a new dense one: output element
 * {@code (i0, ..., ir)} is source element {@code offset + sum(ik * strides[k])}.
 * Transpose (permuted strides), Slice (offset and stepped, possibly negative,
 * strides) and Expand (zero strides) are all this one loop; so are their
 * gradients, which {@link #scatterAdd} adds back through the same view.
 */
public final class StridedCopy {
    private StridedCopy() {
    }

    public static Tensor copy(Tensor src, int offset, int[] outShape, int[] strides) {
        int n = Tensor.sizeOf(outShape);
        if (src.dtype().isFloating()) {
            return Tensor.ofFloats(src.dtype(), outShape, gather(src.floats(), offset, outShape, strides));
        }
        long[] from = src.longs();
        long[] to = new long[n];
        walk(outShape, offset, strides, (o, s, len, step) -> {
            for (int k = 0; k < len; k++) {
                to[o + k] = from[s + k * step];
            }
        });
        return Tensor.ofLongs(src.dtype(), outShape, to);
    }

    /** The strided view of {@code from} as a dense array of shape {@code outShape}. */
    public static float[] gather(float[] from, int offset, int[] outShape, int[] strides) {
        float[] to = new float[Tensor.sizeOf(outShape)];
        walk(outShape, offset, strides, (o, s, len, step) -> {
            for (int k = 0; k < len; k++) {
                to[o + k] = from[s + k * step];
            }
        });
        return to;
    }

    /**
     * The adjoint of {@link #gather}: adds each element of {@code values} (dense,
     * of shape {@code shape}) into {@code into} where the view reads it from, in
     * row-major order, so elements a zero stride folds together are summed.
     */
    public static void scatterAdd(float[] values, int[] shape, float[] into, int offset, int[] strides) {
        walk(shape, offset, strides, (o, s, len, step) -> {
            for (int k = 0; k < len; k++) {
                into[s + k * step] += values[o + k];
            }
        });
    }

    @FunctionalInterface
    private interface Row {
        void copy(int outStart, int srcStart, int length, int srcStep);
    }

    private static void walk(int[] shape, int offset, int[] strides, Row row) {
        int rank = shape.length;
        if (rank == 0) {
            row.copy(0, offset, 1, 0);
            return;
        }
        int n = Tensor.sizeOf(shape);
        if (n == 0) {
            return;
        }
        int length = shape[rank - 1];
        int step = strides[rank - 1];
        int[] index = new int[rank];
        int src = offset;
        for (int out = 0; out < n; out += length) {
            row.copy(out, src, length, step);
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                src += strides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                src -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
