package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Value;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;
import dev.graft.engine.train.GradientRuleFamily;
import java.util.List;

/**
 * Add, Sub, Mul, Div and Pow with numpy broadcasting: each operand's gradient is the
 * output gradient times the local derivative, summed back to the operand's shape.
 */
public final class BinaryGradients implements GradientRuleFamily {

    /** The gradient of one operand before summing to its shape, from a, b, the output y and dy. */
    private interface Partial {
        Value emit(BackwardGraph g, Value a, Value b, Value y, Value dy);
    }

    @Override
    public List<GradientRule> rules() {
        return List.of(
                rule("Add", (g, a, b, y, dy) -> dy, (g, a, b, y, dy) -> dy),
                rule("Sub", (g, a, b, y, dy) -> dy, (g, a, b, y, dy) -> g.op("Neg", dy)),
                rule("Mul", (g, a, b, y, dy) -> g.mul(dy, b), (g, a, b, y, dy) -> g.mul(dy, a)),
                // d(a/b)/db = −a/b² = −y/b
                rule("Div", (g, a, b, y, dy) -> g.op("Div", dy, b),
                        (g, a, b, y, dy) -> g.op("Neg", g.op("Div", g.mul(dy, y), b))),
                // d(aᵇ)/da = b·aᵇ⁻¹, d(aᵇ)/db = aᵇ·ln a
                rule("Pow", (g, a, b, y, dy) -> g.mul(dy, g.mul(b, g.op("Pow", a, g.op("Sub", b, g.scalar(1))))),
                        (g, a, b, y, dy) -> g.mul(dy, g.mul(y, g.op("Log", a)))));
    }

    private static GradientRule rule(String op, Partial da, Partial db) {
        return new GradientRule() {
            @Override
            public String op() {
                return op;
            }

            @Override
            public Value[] backward(GradientContext ctx) {
                BackwardGraph g = ctx.graph();
                int[] shape = ctx.outputShape(0);
                Value dy = ctx.outputGrad(0);
                Value[] out = ctx.none();
                Partial[] partials = {da, db};
                for (int i = 0; i < 2; i++) {
                    if (ctx.wants(i)) {
                        Value d = partials[i].emit(g, ctx.input(0), ctx.input(1), ctx.output(0), dy);
                        out[i] = g.sumTo(d, shape, ctx.inputShape(i));
                    }
                }
                return out;
            }
        };
    }
}
