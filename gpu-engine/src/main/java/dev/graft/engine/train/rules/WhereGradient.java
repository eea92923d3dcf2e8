package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Where(cond, x, y): the gradient flows to x where cond holds and to y elsewhere, each summed to its shape. */
public final class WhereGradient implements GradientRule {
    @Override
    public String op() {
        return "Where";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        BackwardGraph g = ctx.graph();
        Value dy = ctx.outputGrad(0);
        Value zero = g.scalar(0);
        Value[] out = ctx.none();
        for (int side = 1; side <= 2; side++) {
            if (ctx.wants(side)) {
                Value d = side == 1 ? g.op("Where", ctx.input(0), dy, zero) : g.op("Where", ctx.input(0), zero, dy);
                out[side] = g.sumTo(d, ctx.outputShape(0), ctx.inputShape(side));
            }
        }
        return out;
    }
}
