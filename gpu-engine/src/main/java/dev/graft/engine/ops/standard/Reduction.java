package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.BroadcastRows;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.NotStaticException;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;

/**
 * An ONNX Reduce* op ({@link ReductionOps} lists them): folds the chosen axes
 * (input 1 from opset 18, or ReduceSum's from 13; else the {@code axes}
 * attribute) with an accumulator in double precision, then finishes it with the
 * count of folded elements (the mean divides, L2 takes a root). No axes means
 * all axes, unless {@code noop_with_empty_axes=1}.
 */
final class Reduction implements Op {

    @FunctionalInterface
    interface Finish {
        double apply(double acc, long count);
    }

    private final String name;
    private final double init;
    private final DoubleBinaryOperator accumulate;
    private final Finish finish;

    Reduction(String name, double init, DoubleBinaryOperator accumulate, Finish finish) {
        this.name = name;
        this.init = init;
        this.accumulate = accumulate;
        this.finish = finish;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
        if (Types.axesAtRunTime(ctx, 1)) {
            if (keep) {
                return List.of(new TensorType(in.dtype(), Shape.unknown(in.rank())));
            }
            throw new NotStaticException("with keepdims=0 the axes must be known statically");
        }
        boolean[] reduced = Axes.reduced(Types.axes(ctx, 1), in.rank(), noopWithEmptyAxes(ctx.attributes()));
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            if (!reduced[i]) {
                dims.add(in.shape().dim(i));
            } else if (keep) {
                dims.add(Dim.of(1));
            }
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
        int[] shape = x.shape();
        boolean[] reduced = Axes.reduced(Types.axes(ctx, 1), shape.length, noopWithEmptyAxes(ctx.attributes()));
        int[] kept = shape.clone();
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i]) {
                count *= shape[i];
                kept[i] = 1;
            }
        }
        double[] acc = new double[Tensor.sizeOf(kept)];
        Arrays.fill(acc, init);
        // Walk the input; each row's elements land in the kept-shape accumulator with stride 0 or 1.
        BroadcastRows rows = new BroadcastRows(shape, kept);
        int stride = rows.innerStride(0);
        rows.forEachRow((in, out, n) -> {
            int o = out[0];
            for (int k = 0; k < n; k++, o += stride) {
                acc[o] = accumulate.applyAsDouble(acc[o], x.getDouble(in + k));
            }
        });
        int[] outShape = keep ? kept : IntStream.range(0, shape.length).filter(i -> !reduced[i]).map(i -> shape[i]).toArray();
        if (x.dtype().isFloating()) {
            float[] out = new float[acc.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) finish.apply(acc[i], count);
            }
            return List.of(Tensor.ofFloats(x.dtype(), outShape, out));
        }
        long[] out = new long[acc.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) finish.apply(acc[i], count);
        }
        return List.of(Tensor.ofLongs(x.dtype(), outShape, out));
    }

    private static boolean noopWithEmptyAxes(Attributes attributes) {
        return attributes.getInt("noop_with_empty_axes", 0) != 0;
    }
}
