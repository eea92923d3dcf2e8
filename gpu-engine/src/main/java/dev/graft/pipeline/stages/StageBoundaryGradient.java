package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** A stage boundary is the identity, so its gradient passes through unchanged. */
public final class StageBoundaryGradient implements GradientRule {
    @Override
    public String op() {
        return StageBoundary.NAME;
    }

    @Override
    public String domain() {
        return StageBoundary.DOMAIN;
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            out[0] = ctx.outputGrad(0);
        }
        return out;
    }
}
