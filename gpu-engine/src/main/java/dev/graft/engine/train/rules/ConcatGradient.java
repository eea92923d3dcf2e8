package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** Concat along {@code axis}: each input's gradient is its own slice of the output gradient. */
public final class ConcatGradient implements GradientRule {
    @Override
    public String op() {
        return "Concat";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        BackwardGraph g = ctx.graph();
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), ctx.outputShape(0).length);
        Value[] out = ctx.none();
        int from = 0;
        for (int i = 0; i < ctx.inputCount(); i++) {
            int size = ctx.inputShape(i)[axis];
            if (ctx.wants(i)) {
                out[i] = g.op("Slice", ctx.outputGrad(0), g.longs(from), g.longs(from + size), g.longs(axis));
            }
            from += size;
        }
        return out;
    }
}
