package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * Softmax and LogSoftmax along one axis (opset 13), on host arrays: each position's
 * gradient needs one sum over its axis first. Softmax: dx = y · (dy − Σ_axis dy·y);
 * LogSoftmax: dx = dy − exp(y) · Σ_axis dy.
 */
public final class SoftmaxGradients {

    public List<InterpretedRule> rules() {
        return List.of(new AlongAxis("Softmax", false), new AlongAxis("LogSoftmax", true));
    }

    private record AlongAxis(String op, boolean log) implements InterpretedRule {
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
                        int at = base + k * inner;
                        sum += log ? dy[at] : dy[at] * y[at];
                    }
                    for (int k = 0; k < len; k++) {
                        int at = base + k * inner;
                        dx[at] = (float) (log ? dy[at] - Math.exp(y[at]) * sum : y[at] * (dy[at] - sum));
                    }
                }
            }
            out[0] = InterpretedMath.floats(shape, dx);
            return out;
        }
    }
}
