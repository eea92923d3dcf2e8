package dev.graft.engine.train.rules;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Transpose: the gradient goes back through the inverse permutation (default perm: reversed axes). */
public final class TransposeGradient implements GradientRule {
    @Override
    public String op() {
        return "Transpose";
    }

    @Override
    public Tensor[] backward(GradientContext ctx) {
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
        out[0] = GradMath.transpose(ctx.outputGrad(0), GradMath.inverse(perm));
        return out;
    }
}
