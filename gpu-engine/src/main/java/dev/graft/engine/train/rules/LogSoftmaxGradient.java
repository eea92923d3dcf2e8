package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** LogSoftmax along one axis (opset 13): y = x − logΣexp x, so dx = dy − exp(y)·Σ_axis dy. */
public final class LogSoftmaxGradient implements GradientRule {
    @Override
    public String op() {
        return "LogSoftmax";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            BackwardGraph g = ctx.graph();
            int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), ctx.outputShape(0).length);
            Value dy = ctx.outputGrad(0);
            out[0] = g.op("Sub", dy, g.mul(g.op("Exp", ctx.output(0)), g.reduceSum(dy, axis)));
        }
        return out;
    }
}
