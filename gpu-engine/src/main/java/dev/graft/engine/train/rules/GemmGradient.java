package dev.graft.engine.train.rules;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/**
 * Gemm Y = α·op(A)·op(B) + β·C, op a transpose when transA / transB is set, C
 * broadcast to Y: dA = α·dY·op(B)ᵀ (transposed back if transA), likewise dB,
 * dC = β·dY summed to C's shape.
 */
public final class GemmGradient implements GradientRule {
    @Override
    public String op() {
        return "Gemm";
    }

    @Override
    public Tensor[] backward(GradientContext ctx) {
        float alpha = ctx.attributes().getFloat("alpha", 1f);
        float beta = ctx.attributes().getFloat("beta", 1f);
        boolean transA = ctx.attributes().getInt("transA", 0) != 0;
        boolean transB = ctx.attributes().getInt("transB", 0) != 0;
        Tensor opA = transA ? GradMath.swapLast(ctx.input(0)) : ctx.input(0);
        Tensor opB = transB ? GradMath.swapLast(ctx.input(1)) : ctx.input(1);
        Tensor g = GradMath.scale(ctx.outputGrad(0), alpha);
        Tensor[] out = ctx.none();
        if (ctx.wants(0)) {
            Tensor dOpA = GradMath.matmul(g, GradMath.swapLast(opB));
            out[0] = transA ? GradMath.swapLast(dOpA) : dOpA;
        }
        if (ctx.wants(1)) {
            Tensor dOpB = GradMath.matmul(GradMath.swapLast(opA), g);
            out[1] = transB ? GradMath.swapLast(dOpB) : dOpB;
        }
        if (ctx.wants(2) && ctx.input(2) != null) {
            Tensor dc = GradMath.scale(ctx.outputGrad(0), beta);
            out[2] = GradMath.sumTo(dc.floats(), dc.shape(), ctx.input(2).shape());
        }
        return out;
    }

}
