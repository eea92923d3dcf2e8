package dev.graft.engine.ops.fused;

import dev.graft.engine.tensor.Tensor;

/**
 * The pre-softmax scores of {@link FusedAttention}, one query row at a time:
 * {@code S[b,h,i,j] = scale * Q[b,h,i] . K[b,h/g,j] + mask[b,h,i,j]}, and -inf for
 * a key j that a causal query i does not see ({@code j > i + (skv - sq)}). The
 * forward op and its gradient, which recomputes the probabilities instead of
 * storing them, both read scores from here so that they agree to the bit.
 */
public final class AttentionScores {
    private final float[] qs;
    private final float[] ks;
    private final float[] mask;
    private final int[] maskAt;
    private final int hq;
    private final int sq;
    private final int d;
    private final int hkv;
    private final int skv;
    private final int group;
    private final double scale;
    private final boolean causal;

    /**
     * Q (b, hq, sq, d) and K (b, hkv, skv, d) with hq a multiple of hkv; mask, when
     * not null, broadcastable to (b, hq, sq, skv).
     */
    public AttentionScores(Tensor q, Tensor k, Tensor mask, double scale, boolean causal) {
        this.qs = q.floats();
        this.ks = k.floats();
        this.hq = q.dim(1);
        this.sq = q.dim(2);
        this.d = q.dim(3);
        this.hkv = k.dim(1);
        this.skv = k.dim(2);
        this.group = hq / hkv;
        this.mask = mask == null ? null : mask.floats();
        this.maskAt = mask == null ? null
                : BroadcastStrides.offsets(mask.shape(), new int[] {q.dim(0), hq, sq, skv}, "mask");
        this.scale = scale;
        this.causal = causal;
    }

    /**
     * Fills {@code scores[0, skv)} with the scores of query i of head h in batch bi and
     * returns their maximum: -inf when the query sees no key.
     */
    public double row(int bi, int h, int i, double[] scores) {
        int qBase = ((bi * hq + h) * sq + i) * d;
        int kvBase = (bi * hkv + h / group) * skv * d;
        int row = ((bi * hq + h) * sq + i) * skv;
        long last = causal ? (long) i + (skv - sq) : skv - 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < skv; j++) {
            if (j > last) {
                scores[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double dot = 0;
            for (int x = 0; x < d; x++) {
                dot += qs[qBase + x] * ks[kvBase + j * d + x];
            }
            double s = scale * dot + (mask == null ? 0 : mask[maskAt[row + j]]);
            scores[j] = s;
            max = Math.max(max, s);
        }
        return max;
    }
}
