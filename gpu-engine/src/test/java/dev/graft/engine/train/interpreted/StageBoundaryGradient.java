package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;
import dev.graft.pipeline.stages.StageBoundary;

/** A stage boundary is the identity, so its gradient passes through unchanged. */
final class StageBoundaryGradient implements InterpretedRule {
    @Override
    public String op() {
        return StageBoundary.NAME;
    }

    @Override
    public String domain() {
        return StageBoundary.DOMAIN;
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (ctx.wants(0)) {
            out[0] = ctx.outputGrad(0);
        }
        return out;
    }
}
