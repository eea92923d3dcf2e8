package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.GradientRuleFamily;
import java.util.List;

/**
 * ReduceSum and ReduceMean: the output gradient spread back over the reduced axes
 * (divided by their size for the mean). Axes come from input 1 (opset 18) or the
 * {@code axes} attribute; none means all unless noop_with_empty_axes.
 */
public final class ReduceGradients implements GradientRuleFamily {

    @Override
    public List<GradientRule> rules() {
        return List.of(new Reduce("ReduceSum", false), new Reduce("ReduceMean", true));
    }

    private record Reduce(String op, boolean mean) implements GradientRule {
        @Override
        public Value[] backward(GradientContext ctx) {
            Value[] out = ctx.none();
            if (!ctx.wants(0)) {
                return out;
            }
            BackwardGraph g = ctx.graph();
            int[] in = ctx.inputShape(0);
            Tensor axesInput = ctx.inputContents(1);
            long[] axes = axesInput != null ? axesInput.toLongs()
                    : ctx.attributes().has("axes") ? ctx.attributes().getInts("axes") : null;
            boolean[] reduced = Axes.reduced(axes, in.length,
                    ctx.attributes().getInt("noop_with_empty_axes", 0) != 0);
            int[] kept = in.clone();
            int count = 1;
            for (int i = 0; i < in.length; i++) {
                if (reduced[i]) {
                    kept[i] = 1;
                    count *= in[i];
                }
            }
            Value spread = g.expand(g.reshape(ctx.outputGrad(0), kept), in);
            out[0] = mean ? g.scale(spread, 1f / count) : spread;
            return out;
        }
    }
}
