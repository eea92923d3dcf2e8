package dev.graft.engine.tensor;

import java.util.Arrays;

/**
 * A dense, row-major tensor with a concrete shape. Floating dtypes keep their
 * values in a {@code float[]}, integer and boolean dtypes in a {@code long[]}
 * (see {@link DType}). Tensors are treated as immutable: kernels never write into
 * an array they did not allocate, so a caller must not either.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final float[] floats;
    private final long[] longs;

    private Tensor(DType dtype, int[] shape, float[] floats, long[] longs) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        int n = sizeOf(shape);
        int have = floats != null ? floats.length : longs.length;
        if (n != have) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " elements, got " + have);
        }
    }

    /** A float32 tensor over {@code data} (not copied). */
    public static Tensor ofFloats(int[] shape, float... data) {
        return ofFloats(DType.FLOAT32, shape, data);
    }

    /** A tensor of a floating dtype over {@code data} (not copied). */
    public static Tensor ofFloats(DType dtype, int[] shape, float... data) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(dtype + " is not a floating type");
        }
        return new Tensor(dtype, shape, data, null);
    }

    /** An int64 tensor over {@code data} (not copied). */
    public static Tensor ofLongs(int[] shape, long... data) {
        return ofLongs(DType.INT64, shape, data);
    }

    /** A tensor of an integer or boolean dtype over {@code data} (not copied). */
    public static Tensor ofLongs(DType dtype, int[] shape, long... data) {
        if (dtype.isFloating()) {
            throw new IllegalArgumentException(dtype + " is a floating type");
        }
        return new Tensor(dtype, shape, null, data);
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = sizeOf(shape);
        return dtype.isFloating() ? new Tensor(dtype, shape, new float[n], null)
                : new Tensor(dtype, shape, null, new long[n]);
    }

    public static Tensor scalar(float value) {
        return ofFloats(new int[0], value);
    }

    public static Tensor scalar(long value) {
        return ofLongs(new int[0], value);
    }

    /** The number of elements of a shape. */
    public static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return floats != null ? floats.length : longs.length;
    }

    /**
     * The float storage itself (no copy); only for floating dtypes. Asking an
     * integer tensor for floats is an argument error: an op was given the wrong dtype.
     */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalArgumentException("expected a floating tensor, got " + dtype);
        }
        return floats;
    }

    /** The long storage itself (no copy); only for integer and boolean dtypes. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalArgumentException("expected an integer or bool tensor, got " + dtype);
        }
        return longs;
    }

    public double getDouble(int flatIndex) {
        return floats != null ? floats[flatIndex] : longs[flatIndex];
    }

    public long getLong(int flatIndex) {
        return longs != null ? longs[flatIndex] : (long) floats[flatIndex];
    }

    /** All values as longs, e.g. the content of a shape or axes input. */
    public long[] toLongs() {
        if (longs != null) {
            return longs.clone();
        }
        long[] out = new long[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) floats[i];
        }
        return out;
    }

    /** The same data seen under another shape of equal size. */
    public Tensor reshape(int... newShape) {
        return new Tensor(dtype, newShape, floats, longs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Arrays.equals(floats, t.floats) && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
                + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.shortName()).append(Arrays.toString(shape));
        int shown = Math.min(size(), 8);
        sb.append('{');
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(floats != null ? Float.toString(floats[i]) : Long.toString(longs[i]));
        }
        return sb.append(size() > shown ? ", ...}" : "}").toString();
    }
}
