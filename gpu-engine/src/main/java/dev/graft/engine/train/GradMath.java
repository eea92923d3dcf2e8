package dev.graft.engine.train;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * The host arithmetic left around a training step: summing gradients over microbatches
 * and stages, scaling them. Float32, never writing into an input.
 */
public final class GradMath {
    private GradMath() {
    }

    public static Tensor floats(int[] shape, float[] data) {
        return Tensor.ofFloats(DType.FLOAT32, shape, data);
    }

    /** {@code a + b} of equal shapes. */
    public static Tensor add(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()));
        }
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
}
