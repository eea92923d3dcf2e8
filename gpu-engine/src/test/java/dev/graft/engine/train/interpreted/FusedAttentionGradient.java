package dev.graft.engine.train.interpreted;

import dev.graft.engine.ops.fused.AttentionScores;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * FusedAttention(Q (b, hq, sq, d), K, V (b, hkv, skv, d)[, mask]) with grouped
 * heads (g = hq/hkv query heads share one KV head): the probabilities P are
 * recomputed row by row, as flash-attention backward passes do, instead of
 * being stored. With S = scale·QKᵀ + mask, P = softmax(S), O = PV:
 * dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = scale·dS·K,
 * dK = scale·dSᵀ·Q, dmask = dS summed to the mask's shape; K and V gradients
 * sum over the query heads of their group.
 */
public final class FusedAttentionGradient implements InterpretedRule {
    @Override
    public String op() {
        return "FusedAttention";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor q = ctx.input(0);
        Tensor k = ctx.input(1);
        Tensor v = ctx.input(2);
        Tensor mask = ctx.input(3);
        int b = q.dim(0);
        int hq = q.dim(1);
        int sq = q.dim(2);
        int d = q.dim(3);
        int hkv = k.dim(1);
        int skv = k.dim(2);
        int group = hq / hkv;
        int[] scoreShape = {b, hq, sq, skv};
        double scale = ctx.attributes().getFloat("scale", Float.NaN);
        AttentionScores scores = new AttentionScores(q, k, mask, scale, ctx.attributes().getInt("causal", 0) == 1);
        float[] qs = q.floats();
        float[] ks = k.floats();
        float[] vs = v.floats();
        float[] dout = ctx.outputGrad(0).floats();
        float[] dq = new float[qs.length];
        float[] dk = new float[ks.length];
        float[] dv = new float[vs.length];
        float[] dMask = mask == null ? null : new float[Tensor.sizeOf(scoreShape)];
        double[] p = new double[skv];
        double[] dp = new double[skv];
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < hq; h++) {
                int kv = (bi * hkv + h / group) * skv * d;
                for (int i = 0; i < sq; i++) {
                    int qi = ((bi * hq + h) * sq + i) * d;
                    int row = ((bi * hq + h) * sq + i) * skv;
                    if (!probabilities(scores, bi, h, i, p)) {
                        continue;
                    }
                    double dot = 0;
                    for (int j = 0; j < skv; j++) {
                        double s = 0;
                        for (int x = 0; x < d; x++) {
                            s += dout[qi + x] * vs[kv + j * d + x];
                            dv[kv + j * d + x] += (float) (p[j] * dout[qi + x]);
                        }
                        dp[j] = s;
                        dot += s * p[j];
                    }
                    for (int j = 0; j < skv; j++) {
                        double ds = p[j] * (dp[j] - dot);
                        if (ds == 0) {
                            continue;
                        }
                        if (dMask != null) {
                            dMask[row + j] += (float) ds;
                        }
                        for (int x = 0; x < d; x++) {
                            dq[qi + x] += (float) (scale * ds * ks[kv + j * d + x]);
                            dk[kv + j * d + x] += (float) (scale * ds * qs[qi + x]);
                        }
                    }
                }
            }
        }
        Tensor[] out = ctx.none();
        out[0] = ctx.wants(0) ? InterpretedMath.floats(q.shape(), dq) : null;
        out[1] = ctx.wants(1) ? InterpretedMath.floats(k.shape(), dk) : null;
        out[2] = ctx.wants(2) ? InterpretedMath.floats(v.shape(), dv) : null;
        if (ctx.wants(3) && dMask != null) {
            out[3] = InterpretedMath.sumTo(dMask, scoreShape, mask.shape());
        }
        return out;
    }

    /** Fills p with one query row's attention probabilities; false when the row sees no key. */
    private static boolean probabilities(AttentionScores scores, int bi, int h, int i, double[] p) {
        double max = scores.row(bi, h, i, p);
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(p, 0);
            return false;
        }
        double sum = 0;
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.exp(p[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < p.length; j++) {
            p[j] /= sum;
        }
        return true;
    }
}
