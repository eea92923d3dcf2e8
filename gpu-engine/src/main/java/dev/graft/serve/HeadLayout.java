package dev.graft.serve;

import dev.graft.attention.KvDType;

/**
 * Between the graph's head-major tensors {@code (1, heads, T, d)} and the attention
 * library's token-major rows {@code (T, heads, d)}, and between the two layouts of a
 * graph's float tensors.
 */
final class HeadLayout {
    private HeadLayout() {
    }

    /** {@code (1, heads, T, d)} floats to the library's {@code (T, heads, d)} 16-bit rows in {@code dtype}. */
    static short[] tokenMajor(float[] x, int heads, int d, KvDType dtype) {
        int tokens = x.length / (heads * d);
        short[] out = new short[x.length];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < tokens; t++) {
                for (int e = 0; e < d; e++) {
                    out[(t * heads + h) * d + e] = dtype.encode(x[(h * tokens + t) * d + e]);
                }
            }
        }
        return out;
    }

    /** {@code (1, a, b, d)} to {@code (1, b, a, d)}: head-major to token-major, or back. */
    static float[] swapAxes(float[] x, int a, int b, int d) {
        float[] out = new float[x.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(x, (i * b + j) * d, out, (j * a + i) * d, d);
            }
        }
        return out;
    }

    /** The library's {@code (T, heads, d)} output back to the graph's {@code (1, heads, T, d)}. */
    static float[] headMajor(double[] o, int heads, int d) {
        int tokens = o.length / (heads * d);
        float[] out = new float[o.length];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < tokens; t++) {
                for (int e = 0; e < d; e++) {
                    out[(h * tokens + t) * d + e] = (float) o[(t * heads + h) * d + e];
                }
            }
        }
        return out;
    }
}
