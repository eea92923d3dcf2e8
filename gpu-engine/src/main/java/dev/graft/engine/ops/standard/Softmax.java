package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.cpu.UnaryMath;
import dev.graft.engine.cpu.Widening;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

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
        if (inner == 1 && !log) {
            return List.of(Tensor.ofFloats(x.dtype(), x.shape(), lastAxis(in, n)));
        }
        // Shift each run along the axis by its maximum, then take every exponential in one vectorized pass.
        double[] shifted = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, in[base + k * inner]);
                }
                for (int k = 0; k < n; k++) {
                    shifted[base + k * inner] = in[base + k * inner] - max;
                }
            }
        }
        double[] exps = shifted.clone();
        UnaryMath.EXP.mapInPlace(exps);
        float[] out = new float[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += exps[base + k * inner];
                }
                double logSum = Math.log(sum);
                for (int k = 0; k < n; k++) {
                    int at = base + k * inner;
                    out[at] = (float) (log ? shifted[at] - logSum : exps[at] / sum);
                }
            }
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }

    /**
     * Softmax over contiguous rows of {@code n} (the last axis, attention's case):
     * each row's exponentials in double vectors, summed in their lanes, then scaled.
     * The general path's whole-tensor double arrays and per-row logarithm cost more
     * than the arithmetic at attention's short rows.
     */
    private static float[] lastAxis(float[] in, int n) {
        float[] out = new float[in.length];
        double[] exps = new double[n];
        int bound = Widening.loopBound(n);
        for (int base = 0; base < in.length; base += n) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, in[base + k]);
            }
            DoubleVector sums = DoubleVector.zero(Widening.DOUBLES);
            for (int k = 0; k < bound; k += Widening.LANES) {
                DoubleVector e = Widening.widen(in, base + k).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(exps, k);
                sums = sums.add(e);
            }
            double sum = sums.reduceLanes(VectorOperators.ADD);
            for (int k = bound; k < n; k++) {
                exps[k] = Math.exp((double) in[base + k] - max);
                sum += exps[k];
            }
            for (int k = 0; k < bound; k += Widening.LANES) {
                Widening.narrow(DoubleVector.fromArray(Widening.DOUBLES, exps, k).div(sum), out, base + k);
            }
            for (int k = bound; k < n; k++) {
                out[base + k] = (float) (exps[k] / sum);
            }
        }
        return out;
    }
}
