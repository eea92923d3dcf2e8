package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.cpu.FloatArithmetic;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.cpu.Widening;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Normalization over the trailing axes from {@code axis} (default -1):
 * LayerNormalization ({@code (x - mean) / sqrt(var + eps) * scale + bias}) and the
 * root-mean-square form without centering or bias, under its ONNX name
 * RMSNormalization (opset 23) and onnxruntime's SimplifiedLayerNormalization.
 * Outputs after the first: the mean (LayerNormalization only) and the inverse
 * standard deviation, with the normalized axes kept as 1.
 */
public final class Normalization implements Op {
    private final String name;
    private final boolean centered;

    private Normalization(String name, boolean centered) {
        this.name = name;
        this.centered = centered;
    }

    /** All three ops, for the service list. */
    public static final class Family implements OpFamily {
        @Override
        public List<Op> ops() {
            return List.of(new Normalization("LayerNormalization", true),
                    new Normalization("RMSNormalization", false),
                    new Normalization("SimplifiedLayerNormalization", false));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.inputType(0);
        Types.requireFloating(x, "input");
        Types.sameDType(ctx, centered ? 3 : 2);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), x.rank());
        List<Dim> stats = new ArrayList<>(x.shape().dims());
        for (int i = axis; i < stats.size(); i++) {
            stats.set(i, Dim.of(1));
        }
        TensorType statType = new TensorType(x.dtype(), new Shape(stats));
        return centered ? List.of(x, statType, statType) : List.of(x, statType);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        Tensor scale = ctx.required(1);
        Tensor bias = centered ? ctx.input(2) : null;
        int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), x.rank());
        double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
        int inner = Strides.span(x.shape(), axis, x.rank());
        int rows = x.size() / Math.max(1, inner);
        float[] in = x.floats();
        float[] out = new float[in.length];
        float[] means = new float[rows];
        float[] invStd = new float[rows];
        // Scale and bias of the normalized shape apply in the same pass, in the same float operations
        // as the broadcasting Mul and Add below, without their two more arrays.
        boolean inPass = perElement(scale, x.shape(), axis) && (bias == null || perElement(bias, x.shape(), axis));
        float[] g = inPass ? scale.floats() : null;
        float[] b = inPass && bias != null ? bias.floats() : null;
        for (int r = 0; r < rows; r++) {
            int base = r * inner;
            double mean = centered ? rowMean(in, base, inner) : 0;
            double inv = inverseStd(in, base, inner, mean, eps);
            for (int k = 0; k < inner; k++) {
                float v = (float) ((in[base + k] - mean) * inv);
                out[base + k] = g == null ? v : b == null ? v * g[k] : v * g[k] + b[k];
            }
            means[r] = (float) mean;
            invStd[r] = (float) inv;
        }
        Tensor y = Tensor.ofFloats(x.dtype(), x.shape(), out);
        if (!inPass) {
            y = Elementwise.floats(y, scale, FloatArithmetic.MUL);
            if (bias != null) {
                y = Elementwise.floats(y, bias, FloatArithmetic.ADD);
            }
        }
        int[] statShape = x.shape();
        for (int d = axis; d < statShape.length; d++) {
            statShape[d] = 1;
        }
        Tensor inverse = Tensor.ofFloats(x.dtype(), statShape, invStd);
        return centered ? List.of(y, Tensor.ofFloats(x.dtype(), statShape, means), inverse) : List.of(y, inverse);
    }

    /**
     * Whether {@code t} holds one value per element of the normalized dimensions
     * ({@code x}'s from {@code axis}), in their order: equal shapes once leading 1s
     * are dropped.
     */
    private static boolean perElement(Tensor t, int[] x, int axis) {
        return Arrays.equals(withoutLeadingOnes(t.shape(), 0), withoutLeadingOnes(x, axis));
    }

    private static int[] withoutLeadingOnes(int[] shape, int from) {
        int start = from;
        while (start < shape.length && shape[start] == 1) {
            start++;
        }
        return Arrays.copyOfRange(shape, start, shape.length);
    }

    /**
     * The mean of the {@code n} values from {@code base}, summed in double precision
     * a vector of lanes at a time: one chain of scalar adds was latency-bound, and
     * lanes only reorder the double sums of floats.
     */
    public static double rowMean(float[] x, int base, int n) {
        DoubleVector acc = DoubleVector.zero(Widening.DOUBLES);
        int bound = Widening.loopBound(n);
        for (int k = 0; k < bound; k += Widening.LANES) {
            acc = acc.add(Widening.widen(x, base + k));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (int k = bound; k < n; k++) {
            sum += x[base + k];
        }
        return sum / n;
    }

    /**
     * {@code 1 / sqrt(mean((x - mean)^2) + eps)} over the {@code n} values from
     * {@code base}; with {@code mean} 0 it is RMSNormalization's scale.
     */
    public static double inverseStd(float[] x, int base, int n, double mean, double eps) {
        DoubleVector acc = DoubleVector.zero(Widening.DOUBLES);
        int bound = Widening.loopBound(n);
        for (int k = 0; k < bound; k += Widening.LANES) {
            DoubleVector d = Widening.widen(x, base + k).sub(mean);
            acc = acc.add(d.mul(d));
        }
        double sq = acc.reduceLanes(VectorOperators.ADD);
        for (int k = bound; k < n; k++) {
            double d = x[base + k] - mean;
            sq += d * d;
        }
        return 1 / Math.sqrt(sq / n + eps);
    }
}
