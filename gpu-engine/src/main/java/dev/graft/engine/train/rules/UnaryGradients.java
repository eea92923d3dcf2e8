package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.grad.ReluGrad;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.GradientRuleFamily;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import java.util.List;

/**
 * Derivatives of ONNX's elementwise functions as elementwise ops, written with the
 * output y = f(x) where that is cheaper.
 */
public final class UnaryGradients implements GradientRuleFamily {
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    private static final float TWO_OVER_SQRT_PI = (float) (2 / Math.sqrt(Math.PI));
    private static final float GELU_CUBIC = 0.044715f;

    @Override
    public List<GradientRule> rules() {
        return List.of(
                new PointwiseGradient("Identity", (g, x, y, dy, a) -> dy),
                new PointwiseGradient("Neg", (g, x, y, dy, a) -> g.op("Neg", dy)),
                new PointwiseGradient("Exp", (g, x, y, dy, a) -> g.mul(dy, y)),
                new PointwiseGradient("Log", (g, x, y, dy, a) -> g.op("Div", dy, x)),
                new PointwiseGradient("Sqrt", (g, x, y, dy, a) -> g.op("Div", g.scale(dy, 0.5f), y)),
                new PointwiseGradient("Reciprocal", (g, x, y, dy, a) -> g.op("Neg", g.mul(dy, g.mul(y, y)))),
                new PointwiseGradient("Tanh", (g, x, y, dy, a) -> g.mul(dy, oneMinus(g, g.mul(y, y)))),
                new PointwiseGradient("Sigmoid", (g, x, y, dy, a) -> g.mul(dy, g.mul(y, oneMinus(g, y)))),
                // one floating op, not Where over Greater: a boolean mask would live on the host
                new PointwiseGradient("Relu", (g, x, y, dy, a) ->
                        g.op(SoftmaxCrossEntropy.DOMAIN, ReluGrad.NAME, Attributes.NONE, dy, x)),
                new PointwiseGradient("Sin", (g, x, y, dy, a) -> g.mul(dy, g.op("Cos", x))),
                new PointwiseGradient("Cos", (g, x, y, dy, a) -> g.op("Neg", g.mul(dy, g.op("Sin", x)))),
                new PointwiseGradient("Erf", (g, x, y, dy, a) ->
                        g.mul(dy, g.scale(g.op("Exp", g.op("Neg", g.mul(x, x))), TWO_OVER_SQRT_PI))),
                new PointwiseGradient("Gelu", (g, x, y, dy, a) -> g.mul(dy, gelu(g, x, a))));
    }

    private static Value oneMinus(BackwardGraph g, Value v) {
        return g.op("Sub", g.scalar(1), v);
    }

    /**
     * GELU′. Exact: Φ(x) + x·φ(x). Tanh form, with u = √(2/π)(x + 0.044715x³) and t = tanh u:
     * ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²).
     */
    private static Value gelu(BackwardGraph g, Value x, Attributes attributes) {
        Value x2 = g.mul(x, x);
        if (attributes.getString("approximate", "none").equals("tanh")) {
            Value inner = g.op("Add", g.scalar(1), g.scale(x2, GELU_CUBIC));
            Value t = g.op("Tanh", g.scale(g.mul(x, inner), SQRT_2_OVER_PI));
            Value du = g.scale(g.op("Add", g.scalar(1), g.scale(x2, 3 * GELU_CUBIC)), SQRT_2_OVER_PI);
            Value half = g.scale(g.op("Add", g.scalar(1), t), 0.5f);
            return g.op("Add", half, g.mul(g.scale(x, 0.5f), g.mul(oneMinus(g, g.mul(t, t)), du)));
        }
        Value cdf = g.scale(g.op("Add", g.scalar(1), g.op("Erf", g.scale(x, (float) Math.sqrt(0.5)))), 0.5f);
        Value pdf = g.scale(g.op("Exp", g.scale(x2, -0.5f)), INV_SQRT_2PI);
        return g.op("Add", cdf, g.mul(x, pdf));
    }
}
