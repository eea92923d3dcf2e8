package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/**
 * Gemm Y = α·op(A)·op(B) + β·C, op a transpose when transA / transB is set, C
 * broadcast to Y: dA = α·dY·op(B)ᵀ (transposed back if transA), likewise dB,
 * dC = β·dY summed to C's shape.
 */
public final class GemmGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Gemm";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        float alpha = ctx.attributes().getFloat("alpha", 1f);
        float beta = ctx.attributes().getFloat("beta", 1f);
        boolean transA = ctx.attributes().getInt("transA", 0) != 0;
        boolean transB = ctx.attributes().getInt("transB", 0) != 0;
        Tensor opA = transA ? InterpretedMath.swapLast(ctx.input(0)) : ctx.input(0);
        Tensor opB = transB ? InterpretedMath.swapLast(ctx.input(1)) : ctx.input(1);
        Tensor g = InterpretedMath.scale(ctx.outputGrad(0), alpha);
        Tensor[] out = ctx.none();
        if (ctx.wants(0)) {
            Tensor dOpA = InterpretedMath.matmul(g, InterpretedMath.swapLast(opB));
            out[0] = transA ? InterpretedMath.swapLast(dOpA) : dOpA;
        }
        if (ctx.wants(1)) {
            Tensor dOpB = InterpretedMath.matmul(InterpretedMath.swapLast(opA), g);
            out[1] = transB ? InterpretedMath.swapLast(dOpB) : dOpB;
        }
        if (ctx.wants(2) && ctx.input(2) != null) {
            Tensor dc = InterpretedMath.scale(ctx.outputGrad(0), beta);
            out[2] = InterpretedMath.sumTo(dc.floats(), dc.shape(), ctx.input(2).shape());
        }
        return out;
    }

}
