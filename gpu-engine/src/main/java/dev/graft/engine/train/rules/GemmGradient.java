package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/**
 * Gemm Y = α·op(A)·op(B) + β·C, op a transpose when transA / transB is set, C broadcast
 * to Y: dA = α·dY·op(B)ᵀ (transposed back if transA), likewise dB, each one Gemm with
 * the transposes in its flags; dC = β·dY summed to C's shape.
 */
public final class GemmGradient implements GradientRule {
    @Override
    public String op() {
        return "Gemm";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        BackwardGraph g = ctx.graph();
        float alpha = ctx.attributes().getFloat("alpha", 1f);
        float beta = ctx.attributes().getFloat("beta", 1f);
        boolean transA = ctx.attributes().getInt("transA", 0) != 0;
        boolean transB = ctx.attributes().getInt("transB", 0) != 0;
        Value dy = ctx.outputGrad(0);
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            // dop(A) = dY·op(B)ᵀ; dA = dop(A), or its transpose op(B)·dYᵀ when transA.
            out[0] = transA ? g.gemm(ctx.input(1), dy, transB, true, alpha)
                    : g.gemm(dy, ctx.input(1), false, !transB, alpha);
        }
        if (ctx.wants(1)) {
            // dop(B) = op(A)ᵀ·dY; dB = dop(B), or its transpose dYᵀ·op(A) when transB.
            out[1] = transB ? g.gemm(dy, ctx.input(0), true, transA, alpha)
                    : g.gemm(ctx.input(0), dy, !transA, false, alpha);
        }
        if (ctx.wants(2) && ctx.has(2)) {
            out[2] = g.sumTo(g.scale(dy, beta), ctx.outputShape(0), ctx.inputShape(2));
        }
        return out;
    }
}
