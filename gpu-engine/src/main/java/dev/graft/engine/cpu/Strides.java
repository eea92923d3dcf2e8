package dev.graft.engine.cpu;

/** Row-major layout: strides, plain and broadcast, and the sizes of runs of axes. */
public final class Strides {
    private Strides() {
    }

    /** The row-major strides of a shape, in elements. */
    public static int[] of(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /**
     * The number of elements spanned by the axes {@code from} (inclusive) to
     * {@code to} (exclusive): the row length when the axes after an axis are
     * flattened into rows, or the row count when those before it are.
     */
    public static int span(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /**
     * The strides with which an input of shape {@code in} is read when broadcast
     * to {@code out}: aligned to {@code out}'s rank, 0 along broadcast dimensions.
     */
    public static int[] broadcast(int[] in, int[] out) {
        int[] plain = of(in);
        int[] s = new int[out.length];
        int shift = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            s[i + shift] = in[i] == 1 && out[i + shift] != 1 ? 0 : plain[i];
        }
        return s;
    }
}
