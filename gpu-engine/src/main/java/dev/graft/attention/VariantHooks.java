package dev.graft.attention;

/**
 * The CPU side of a variant's hooks, in float64: the query/key transform (RoPE), the
 * logits transform (scale, soft-cap, ALiBi, custom bias) and the logits mask (causal,
 * sliding window). The CUDA templates implement the same hooks in variant.cuh; both
 * follow the order documented on {@link AttentionVariant}.
 */
public final class VariantHooks {
    private final AttentionVariant variant;
    private final HeadConfig heads;
    private final double scale;
    private final double[] inverseFrequencies;

    public VariantHooks(AttentionVariant variant, HeadConfig heads) {
        this.variant = variant;
        this.heads = heads;
        this.scale = variant.scaleFor(heads.headDim());
        int half = heads.headDim() / 2;
        this.inverseFrequencies = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequencies[i] = Math.pow(variant.ropeTheta(), -2.0 * i / heads.headDim());
        }
    }

    /** Rotates one head vector in place when the variant has RoPE (same for queries and keys). */
    public void transform(double[] x, int offset, int position) {
        if (variant.ropeTheta() <= 0) {
            return;
        }
        int half = heads.headDim() / 2;
        for (int i = 0; i < half; i++) {
            double angle = position * inverseFrequencies[i];
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            double a = x[offset + i];
            double b = x[offset + i + half];
            x[offset + i] = a * c - b * s;
            x[offset + i + half] = b * c + a * s;
        }
    }

    /** Whether the key at kPos takes part for the query at qPos. */
    public boolean visible(int qPos, int kPos) {
        if (variant.causal() && kPos > qPos) {
            return false;
        }
        return variant.windowLeft() < 0 || kPos >= qPos - variant.windowLeft();
    }

    /** The logit of a visible key from the raw product q . k (bias is the custom mask entry or 0). */
    public double logit(double dot, int qoHead, int qPos, int kPos, double bias) {
        double s = dot * scale;
        double cap = variant.logitsSoftCap();
        if (cap > 0) {
            s = cap * Math.tanh(s / cap);
        }
        if (variant.alibi()) {
            s += alibiSlope(qoHead, heads.numQoHeads()) * (kPos - qPos);
        }
        return s + bias;
    }

    /**
     * The standard ALiBi slope of head h of n heads: with p the largest power of two not
     * above n, {@code 2^(-8(h+1)/p)} for h < p, else {@code 2^(-4(2(h-p)+1)/p)}.
     */
    public static double alibiSlope(int head, int numHeads) {
        int p = Integer.highestOneBit(numHeads);
        if (head < p) {
            return Math.pow(2, -8.0 * (head + 1) / p);
        }
        return Math.pow(2, -4.0 * (2 * (head - p) + 1) / p);
    }
}
