package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Softmax along one axis (opset 13): dx = y · (dy − Σ_axis dy·y). */
public final class SoftmaxGradient implements GradientRule {
    @Override
    public String op() {
        return "Softmax";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), ctx.outputShape(0).length);
            out[0] = of(ctx.graph(), ctx.output(0), ctx.outputGrad(0), axis);
        }
        return out;
    }

    /** The gradient of the scores of probabilities {@code y} along {@code axis}, given dy. */
    static Value of(BackwardGraph g, Value y, Value dy, int axis) {
        return g.mul(y, g.op("Sub", dy, g.reduceSum(g.mul(dy, y), axis)));
    }
}
