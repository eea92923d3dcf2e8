package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/**
 * Split along {@code axis}: the input's gradient is the outputs' gradients laid side by
 * side (a Concat), zeros for an output nothing depends on. The sizes input has none.
 */
public final class SplitGradient implements GradientRule {
    @Override
    public String op() {
        return "Split";
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        BackwardGraph g = ctx.graph();
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), ctx.inputShape(0).length);
        Value[] parts = new Value[ctx.outputCount()];
        for (int i = 0; i < parts.length; i++) {
            Value d = ctx.outputGrad(i);
            parts[i] = d != null ? d : g.zeros(ctx.outputShape(i));
        }
        out[0] = g.op("Concat", Attributes.NONE.with("axis", new Attribute.Int(axis)), parts);
        return out;
    }
}
