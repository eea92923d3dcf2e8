package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * Scaled dot-product attention with grouped-query heads, one node:
 * {@code FusedAttention(Q (b, hq, sq, d), K (b, hkv, skv, d), V (b, hkv, skv, d)[, mask])}
 * gives {@code O (b, hq, sq, d)} with
 * {@code O[b,h,i] = softmax_j(scale * Q[b,h,i] . K[b,h/g,j] + mask[b,h,i,j]) V[b,h/g,j]},
 * {@code g = hq / hkv}. The mask is additive, of a floating type, broadcastable to
 * (b, hq, sq, skv). With {@code causal=1}, query i sees key j only when
 * {@code j <= i + (skv - sq)}. A query that sees no key gets zeros. Attributes:
 * {@code scale} (float, required), {@code causal} (0 or 1, default 0), and
 * {@code q_heads}, {@code kv_heads}, {@code head_dim}, checked against the shapes.
 */
public final class FusedAttention implements Op {
    @Override
    public String name() {
        return "FusedAttention";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType q = Checks.floating(ctx, 0, "Q");
        TensorType k = Checks.floating(ctx, 1, "K");
        TensorType v = Checks.floating(ctx, 2, "V");
        Checks.rank(q, 4, "Q");
        Checks.rank(k, 4, "K");
        Checks.rank(v, 4, "V");
        Checks.sameDim(q.shape().dim(0), k.shape().dim(0), "batch of Q and K");
        Checks.sameDim(k.shape().dim(0), v.shape().dim(0), "batch of K and V");
        Checks.sameDim(k.shape().dim(1), v.shape().dim(1), "KV heads of K and V");
        Checks.sameDim(k.shape().dim(2), v.shape().dim(2), "KV length of K and V");
        Checks.sameDim(q.shape().dim(3), k.shape().dim(3), "head dim of Q and K");
        Checks.sameDim(q.shape().dim(3), v.shape().dim(3), "head dim of Q and V");
        attribute(ctx, "q_heads", q.shape().dim(1));
        attribute(ctx, "kv_heads", k.shape().dim(1));
        attribute(ctx, "head_dim", q.shape().dim(3));
        long hq = ctx.attributes().getInt("q_heads", 0);
        long hkv = ctx.attributes().getInt("kv_heads", 0);
        if (hkv <= 0 || hq % hkv != 0) {
            throw new OpException("q_heads " + hq + " must be a positive multiple of kv_heads " + hkv);
        }
        if (!ctx.attributes().has("scale")) {
            throw new OpException("attribute scale is required");
        }
        long causal = ctx.attributes().getInt("causal", 0);
        if (causal != 0 && causal != 1) {
            throw new OpException("causal must be 0 or 1, got " + causal);
        }
        Shape scores = Shape.of(q.shape().dim(0), q.shape().dim(1), q.shape().dim(2), k.shape().dim(2));
        if (ctx.inputCount() > 3 && ctx.hasInput(3)) {
            TensorType mask = Checks.floating(ctx, 3, "mask");
            Shape b = Broadcasting.shape(scores, mask.shape());
            if (b.rank() != 4) {
                throw new OpException("mask " + mask + " does not broadcast to " + scores);
            }
            for (int i = 0; i < 4; i++) {
                Checks.sameDim(b.dim(i), scores.dim(i), "mask " + mask + " against scores " + scores);
            }
        }
        return List.of(new TensorType(q.dtype(), Shape.of(q.shape().dim(0), q.shape().dim(1), q.shape().dim(2),
                q.shape().dim(3))));
    }

    private static void attribute(InferenceContext ctx, String name, Dim dim) {
        if (!ctx.attributes().has(name)) {
            throw new OpException("attribute " + name + " is required");
        }
        long value = ctx.attributes().getInt(name, 0);
        if (dim.isKnown() && dim.size() != value) {
            throw new OpException(name + "=" + value + " but the input has " + dim.size());
        }
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor q = ctx.required(0);
        Tensor k = ctx.required(1);
        Tensor v = ctx.required(2);
        int b = q.dim(0);
        int hq = q.dim(1);
        int sq = q.dim(2);
        int d = q.dim(3);
        int hkv = k.dim(1);
        int skv = k.dim(2);
        if (k.dim(0) != b || v.dim(0) != b || k.dim(3) != d || v.dim(3) != d || v.dim(1) != hkv || v.dim(2) != skv
                || hq % hkv != 0) {
            throw new OpException("shapes do not fit: Q " + q + ", K " + k + ", V " + v);
        }
        AttentionScores rows = new AttentionScores(q, k, ctx.input(3), ctx.attributes().getFloat("scale", Float.NaN),
                ctx.attributes().getInt("causal", 0) == 1);
        float[] vs = v.floats();
        float[] out = new float[b * hq * sq * d];
        double[] scores = new double[skv];
        double[] acc = new double[d];
        int group = hq / hkv;
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < hq; h++) {
                int kvBase = (bi * hkv + h / group) * skv * d;
                for (int i = 0; i < sq; i++) {
                    int qBase = ((bi * hq + h) * sq + i) * d;
                    double max = rows.row(bi, h, i, scores);
                    if (max == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    java.util.Arrays.fill(acc, 0);
                    double sum = 0;
                    for (int j = 0; j < skv; j++) {
                        double p = Math.exp(scores[j] - max);
                        if (p == 0) {
                            continue;
                        }
                        sum += p;
                        for (int x = 0; x < d; x++) {
                            acc[x] += p * vs[kvBase + j * d + x];
                        }
                    }
                    for (int x = 0; x < d; x++) {
                        out[qBase + x] = (float) (acc[x] / sum);
                    }
                }
            }
        }
        return List.of(Tensor.ofFloats(q.dtype(), new int[] {b, hq, sq, d}, out));
    }
}
