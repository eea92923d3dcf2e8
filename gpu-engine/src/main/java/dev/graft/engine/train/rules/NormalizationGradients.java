package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.GradientRuleFamily;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Normalization over the axes from {@code axis} on. LayerNormalization: with
 * x̂ = (x − μ)·r, r = 1/√(σ² + ε), y = x̂·γ + β: dγ = Σ dy·x̂, dβ = Σ dy, and
 * dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ. RMSNormalization
 * (and onnxruntime's SimplifiedLayerNormalization) is the same without μ, β and
 * the mean(dx̂) term. μ and r are recomputed from x rather than read from the
 * optional outputs.
 */
public final class NormalizationGradients implements GradientRuleFamily {

    @Override
    public List<GradientRule> rules() {
        return List.of(new Norm("LayerNormalization", true), new Norm("RMSNormalization", false),
                new Norm("SimplifiedLayerNormalization", false));
    }

    private record Norm(String op, boolean centered) implements GradientRule {
        @Override
        public Value[] backward(GradientContext ctx) {
            BackwardGraph g = ctx.graph();
            int[] shape = ctx.inputShape(0);
            int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), shape.length);
            int[] normed = IntStream.range(axis, shape.length).toArray();
            int[] leading = IntStream.range(0, axis).toArray();
            int[] normShape = Arrays.copyOfRange(shape, axis, shape.length);
            Value x = ctx.input(0);
            Value dy = ctx.outputGrad(0);
            Value centeredX = centered ? g.op("Sub", x, mean(g, x, normed)) : x;
            Value variance = mean(g, g.mul(centeredX, centeredX), normed);
            Value r = g.op("Reciprocal", g.op("Sqrt", g.op("Add", variance,
                    g.scalar(ctx.attributes().getFloat("epsilon", 1e-5f)))));
            Value xhat = g.mul(centeredX, r);
            Value[] out = ctx.none();
            if (ctx.wants(0)) {
                Value dxhat = g.mul(dy, ctx.input(1));
                Value inner = g.op("Sub", dxhat, g.mul(xhat, mean(g, g.mul(dxhat, xhat), normed)));
                if (centered) {
                    inner = g.op("Sub", inner, mean(g, dxhat, normed));
                }
                out[0] = g.mul(r, inner);
            }
            if (ctx.wants(1)) {
                out[1] = perFeature(g, g.mul(dy, xhat), leading, normShape, ctx.inputShape(1));
            }
            if (centered && ctx.wants(2) && ctx.has(2)) {
                out[2] = perFeature(g, dy, leading, normShape, ctx.inputShape(2));
            }
            return out;
        }

        private static Value mean(BackwardGraph g, Value v, int[] axes) {
            return g.op("ReduceMean", Attributes.NONE.with("keepdims", new Attribute.Int(1)), v, g.longs(axes));
        }

        /** Summed over the leading (row) axes, then to the shape of γ or β. */
        private static Value perFeature(BackwardGraph g, Value v, int[] leading, int[] normShape, int[] target) {
            Value rows = leading.length == 0 ? v : g.reshape(g.reduceSum(v, leading), normShape);
            return g.sumTo(rows, normShape, target);
        }
    }
}
