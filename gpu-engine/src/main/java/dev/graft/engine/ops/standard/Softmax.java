package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ONNX Softmax and LogSoftmax along one axis (opset 13 semantics, default axis
 * -1), stabilized by subtracting the maximum, summed in double precision.
 */
public final class Softmax implements Op {
    private final boolean log;

    private Softmax(boolean log) {
        this.log = log;
    }

    /** Both ops, for the service list. */
    public static final class Family implements OpFamily {
        @Override
        public List<Op> ops() {
            return List.of(new Softmax(false), new Softmax(true));
        }
    }

    @Override
    public String name() {
        return log ? "LogSoftmax" : "Softmax";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType t = ctx.inputType(0);
        Types.requireFloating(t, name() + " input");
        Axes.normalize(ctx.attributes().getInt("axis", -1), t.rank());
        return List.of(t);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), x.rank());
        int n = x.dim(axis);
        int inner = Strides.span(x.shape(), axis + 1, x.rank());
        int outer = x.size() / Math.max(1, n * inner);
        float[] in = x.floats();
        float[] out = new float[in.length];
        // Each exponential is computed once and kept until the sum is known.
        double[] exps = new double[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, in[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    exps[k] = Math.exp(in[base + k * inner] - max);
                    sum += exps[k];
                }
                double logSum = Math.log(sum);
                for (int k = 0; k < n; k++) {
                    out[base + k * inner] = (float) (log ? in[base + k * inner] - max - logSum : exps[k] / sum);
                }
            }
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }
}
