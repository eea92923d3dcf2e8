package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Transpose: the gradient goes back through the inverse permutation (default perm: reversed axes). */
public final class TransposeGradient implements GradientRule {
    @Override
    public String op() {
        return "Transpose";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int rank = ctx.inputShape(0).length;
        long[] given = ctx.attributes().has("perm") ? ctx.attributes().getInts("perm") : null;
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            int from = given != null ? (int) given[i] : rank - 1 - i;
            inverse[from] = i;
        }
        out[0] = ctx.graph().transpose(ctx.outputGrad(0), inverse);
        return out;
    }
}
