package dev.graft.engine.train.rules;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Value;
import dev.graft.engine.train.BackwardGraph;
import dev.graft.engine.train.GradientContext;
import dev.graft.engine.train.GradientRule;

/** The gradient of an elementwise function of one input: dx = dy · f′(x), emitted from x, y = f(x) and dy. */
final class PointwiseGradient implements GradientRule {

    /** dx from the input x, the output y and dy, with the node's attributes. */
    @FunctionalInterface
    interface Derivative {
        Value emit(BackwardGraph g, Value x, Value y, Value dy, Attributes attributes);
    }

    private final String op;
    private final Derivative derivative;

    PointwiseGradient(String op, Derivative derivative) {
        this.op = op;
        this.derivative = derivative;
    }

    @Override
    public String op() {
        return op;
    }

    @Override
    public Value[] backward(GradientContext ctx) {
        Value[] out = ctx.none();
        if (ctx.wants(0)) {
            out[0] = derivative.emit(ctx.graph(), ctx.input(0), ctx.output(0), ctx.outputGrad(0), ctx.attributes());
        }
        return out;
    }
}
