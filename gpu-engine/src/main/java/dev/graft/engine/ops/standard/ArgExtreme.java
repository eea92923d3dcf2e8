package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** ONNX ArgMax and ArgMin along one axis, int64 result; ties go to the first index unless {@code select_last_index}. */
public final class ArgExtreme implements Op {
    private final boolean max;

    private ArgExtreme(boolean max) {
        this.max = max;
    }

    /** Both ops, for the service list. */
    public static final class Family implements OpFamily {
        @Override
        public List<Op> ops() {
            return List.of(new ArgExtreme(true), new ArgExtreme(false));
        }
    }

    @Override
    public String name() {
        return max ? "ArgMax" : "ArgMin";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), in.rank());
        boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
        List<Dim> dims = new ArrayList<>(in.shape().dims());
        if (keep) {
            dims.set(axis, Dim.of(1));
        } else {
            dims.remove(axis);
        }
        return List.of(new TensorType(DType.INT64, new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), x.rank());
        boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
        boolean last = ctx.attributes().getInt("select_last_index", 0) != 0;
        int n = x.dim(axis);
        int inner = Strides.span(x.shape(), axis + 1, x.rank());
        int outer = n == 0 ? 0 : x.size() / (n * inner);
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                double bestValue = x.getDouble(o * n * inner + i);
                for (int k = 1; k < n; k++) {
                    double v = x.getDouble((o * n + k) * inner + i);
                    boolean better = max ? v > bestValue || last && v == bestValue : v < bestValue || last && v == bestValue;
                    if (better) {
                        best = k;
                        bestValue = v;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        int[] shape = x.shape();
        shape[axis] = 1;
        if (!keep) {
            int[] s = new int[shape.length - 1];
            for (int d = 0, j = 0; d < shape.length; d++) {
                if (d != axis) {
                    s[j++] = shape[d];
                }
            }
            shape = s;
        }
        return List.of(Tensor.ofLongs(shape, out));
    }
}
