package dev.graft.engine.cpu;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;

/**
 * A tensor's storage as an untyped array, for ops that only move elements
 * (Concat, Split, Gather, Tile, Pad) and can do so with
 * {@link System#arraycopy} whatever the dtype.
 */
public final class Storage {
    private Storage() {
    }

    /** The float[] or long[] behind a tensor. */
    public static Object of(Tensor t) {
        return t.dtype().isFloating() ? t.floats() : t.longs();
    }

    /** A new zeroed array for {@code n} elements of {@code dtype}. */
    public static Object allocate(DType dtype, int n) {
        return dtype.isFloating() ? new float[n] : new long[n];
    }

    /** A tensor over an array from {@link #allocate}. */
    public static Tensor wrap(DType dtype, int[] shape, Object array) {
        return dtype.isFloating() ? Tensor.ofFloats(dtype, shape, (float[]) array)
                : Tensor.ofLongs(dtype, shape, (long[]) array);
    }
}
