package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.tensor.Tensor;

/** LogSoftmax along one axis: dx = dy − exp(y) · Σ_axis dy, on host arrays. */
final class LogSoftmaxGradient implements InterpretedRule {
    @Override
    public String op() {
        return "LogSoftmax";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int[] shape = ctx.output(0).shape();
        int axis = InterpretedMath.axis(ctx.attributes().getInt("axis", -1), shape.length);
        int outer = Strides.span(shape, 0, axis);
        int len = shape[axis];
        int inner = Strides.span(shape, axis + 1, shape.length);
        float[] y = ctx.output(0).floats();
        float[] dy = ctx.outputGrad(0).floats();
        float[] dx = new float[y.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    sum += dy[base + k * inner];
                }
                for (int k = 0; k < len; k++) {
                    int at = base + k * inner;
                    dx[at] = (float) (dy[at] - Math.exp(y[at]) * sum);
                }
            }
        }
        out[0] = InterpretedMath.floats(shape, dx);
        return out;
    }
}
