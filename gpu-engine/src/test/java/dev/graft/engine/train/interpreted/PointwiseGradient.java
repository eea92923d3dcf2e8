package dev.graft.engine.train.interpreted;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.tensor.Tensor;

/** The gradient of an elementwise function of one input: dx = dy · f′, f′ from x and y = f(x). */
final class PointwiseGradient implements InterpretedRule {

    /** The derivative at one element, from the input x, the output y and the node's attributes. */
    @FunctionalInterface
    interface Derivative {
        double at(double x, double y, Attributes attributes);
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
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        float[] x = ctx.input(0).floats();
        float[] y = ctx.output(0).floats();
        float[] dy = ctx.outputGrad(0).floats();
        float[] dx = new float[x.length];
        Attributes attributes = ctx.attributes();
        for (int i = 0; i < x.length; i++) {
            dx[i] = (float) (dy[i] * derivative.at(x[i], y[i], attributes));
        }
        out[0] = InterpretedMath.floats(ctx.input(0).shape(), dx);
        return out;
    }
}
