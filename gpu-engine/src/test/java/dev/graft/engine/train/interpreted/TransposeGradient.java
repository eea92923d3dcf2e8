package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/** Transpose: the gradient goes back through the inverse permutation (default perm: reversed axes). */
public final class TransposeGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Transpose";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int rank = ctx.input(0).rank();
        int[] perm = new int[rank];
        if (ctx.attributes().has("perm")) {
            long[] p = ctx.attributes().getInts("perm");
            for (int i = 0; i < rank; i++) {
                perm[i] = (int) p[i];
            }
        } else {
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        out[0] = InterpretedMath.transpose(ctx.outputGrad(0), InterpretedMath.inverse(perm));
        return out;
    }
}
