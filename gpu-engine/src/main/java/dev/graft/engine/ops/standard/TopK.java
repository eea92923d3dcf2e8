package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * ONNX TopK: the k largest (or smallest) values along an axis and their int64
 * indices, sorted; equal values keep the lower index first.
 */
public final class TopK implements Op {
    @Override
    public String name() {
        return "TopK";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), in.rank());
        long[] k = Types.constantLongs(ctx, 1);
        List<Dim> dims = new ArrayList<>(in.shape().dims());
        dims.set(axis, k == null ? Dim.UNKNOWN : Dim.of(k[0]));
        Shape s = new Shape(dims);
        return List.of(new TensorType(in.dtype(), s), new TensorType(DType.INT64, s));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), x.rank());
        boolean largest = ctx.attributes().getInt("largest", 1) != 0;
        int k = (int) Types.longsOf(ctx.required(1), "k")[0];
        int n = x.dim(axis);
        if (k < 0 || k > n) {
            throw new OpException("k = " + k + " is out of range for axis " + axis + " of size " + n);
        }
        int inner = Strides.span(x.shape(), axis + 1, x.rank());
        int outer = n == 0 ? 0 : x.size() / (n * inner);
        int[] shape = x.shape();
        shape[axis] = k;
        boolean floating = x.dtype().isFloating();
        float[] fv = floating ? new float[outer * k * inner] : null;
        long[] lv = floating ? null : new long[outer * k * inner];
        long[] idx = new long[outer * k * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                int step = inner;
                Comparator<Integer> byValue = Comparator.comparingDouble(j -> x.getDouble(base + j * step));
                List<Integer> order = IntStream.range(0, n).boxed()
                        .sorted(largest ? byValue.reversed().thenComparing(j -> j) : byValue.thenComparing(j -> j))
                        .limit(k).toList();
                for (int r = 0; r < k; r++) {
                    int to = (o * k + r) * inner + i;
                    int from = base + order.get(r) * inner;
                    idx[to] = order.get(r);
                    if (floating) {
                        fv[to] = x.floats()[from];
                    } else {
                        lv[to] = x.longs()[from];
                    }
                }
            }
        }
        Tensor values = floating ? Tensor.ofFloats(x.dtype(), shape, fv) : Tensor.ofLongs(x.dtype(), shape, lv);
        return List.of(values, Tensor.ofLongs(shape, idx));
    }
}
