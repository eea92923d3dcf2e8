package dev.graft.engine.train.interpreted;

import dev.graft.engine.ops.Axes;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ReduceSum and ReduceMean: the output gradient spread back over the reduced
 * axes (divided by their size for the mean). Axes come from input 1 (opset 18)
 * or the {@code axes} attribute; none means all unless noop_with_empty_axes.
 */
public final class ReduceGradients {

    public List<InterpretedRule> rules() {
        return List.of(new Reduce("ReduceSum", false), new Reduce("ReduceMean", true));
    }

    private record Reduce(String op, boolean mean) implements InterpretedRule {
        @Override
        public Tensor[] backward(InterpretedContext ctx) {
            Tensor[] out = ctx.none();
            if (!ctx.wants(0)) {
                return out;
            }
            int[] in = ctx.input(0).shape();
            long[] axes = ctx.input(1) != null ? ctx.input(1).toLongs()
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
            float[] spread = InterpretedMath.expand(ctx.outputGrad(0).reshape(kept), in);
            Tensor g = InterpretedMath.floats(in, spread);
            out[0] = mean ? InterpretedMath.scale(g, 1f / count) : g;
            return out;
        }
    }
}
