package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/**
 * FusedAttention(Q (b, hq, sq, d), K, V (b, hkv, skv, d)[, mask]) with grouped heads
 * (g = hq/hkv query heads share one KV head): the probabilities P are recomputed, as
 * flash-attention backward passes do, instead of being stored. With S = scale·QKᵀ +
 * mask, P = softmax(S), O = PV: dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)),
 * dQ = scale·dS·K, dK = scale·dSᵀ·Q, dmask = dS summed to the mask's shape. The query
 * heads of a group are adjacent, so Q viewed as (b, hkv, g·sq, d) meets its KV head in
 * one batched product, and the sums over a group's heads fall out of the products.
 * Causality is a constant additive mask of −∞ above the diagonal ({@code j > i + skv − sq}).
 */
public final class FusedAttentionGradient implements GradientRule {
    @Override
    public String op() {
        return "FusedAttention";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        BackwardGraph g = ctx.graph();
        int[] qs = ctx.inputShape(0);
        int[] ks = ctx.inputShape(1);
        int b = qs[0];
        int hq = qs[1];
        int sq = qs[2];
        int d = qs[3];
        int hkv = ks[1];
        int skv = ks[2];
        int rows = hq / hkv * sq;
        float scale = ctx.attributes().getFloat("scale", Float.NaN);
        int[] grouped = {b, hkv, rows, d};
        int[] scores = {b, hq, sq, skv};
        Value q = g.reshape(ctx.input(0), grouped);
        Value k = ctx.input(1);
        Value v = ctx.input(2);
        Value dout = g.reshape(ctx.outputGrad(0), grouped);
        Value s = g.scale(g.op("MatMul", q, g.swapLast(k, 4)), scale);
        if (ctx.has(3)) {
            s = g.op("Add", s, g.reshape(g.expand(ctx.input(3), scores), new int[] {b, hkv, rows, skv}));
        }
        if (ctx.attributes().getInt("causal", 0) == 1) {
            s = g.op("Add", s, g.constant(causalMask(rows, sq, skv)));
        }
        Value p = g.op("Softmax", Attributes.NONE.with("axis", new Attribute.Int(-1)), s);
        Value ds = SoftmaxGradient.of(g, p, g.op("MatMul", dout, g.swapLast(v, 4)), 3);
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            out[0] = g.reshape(g.scale(g.op("MatMul", ds, k), scale), qs);
        }
        if (ctx.wants(1)) {
            out[1] = g.scale(g.op("MatMul", g.swapLast(ds, 4), q), scale);
        }
        if (ctx.wants(2)) {
            out[2] = g.op("MatMul", g.swapLast(p, 4), dout);
        }
        if (ctx.wants(3) && ctx.has(3)) {
            out[3] = g.sumTo(g.reshape(ds, scores), scores, ctx.inputShape(3));
        }
        return out;
    }

    /** (rows, skv): row r is query r mod sq of its head; −∞ where that query does not see key j. */
    private static Tensor causalMask(int rows, int sq, int skv) {
        float[] m = new float[rows * skv];
        for (int r = 0; r < rows; r++) {
            int i = r % sq;
            for (int j = 0; j < skv; j++) {
                m[r * skv + j] = j > i + (skv - sq) ? Float.NEGATIVE_INFINITY : 0;
            }
        }
        return Tensor.ofFloats(DType.FLOAT32, new int[] {rows, skv}, m);
    }
}
