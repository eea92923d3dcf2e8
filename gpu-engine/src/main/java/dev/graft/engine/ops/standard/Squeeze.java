package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.NotStaticException;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** ONNX Squeeze: removes the given unit dimensions, or every unit dimension when no axes are given. */
public final class Squeeze implements Op {
    @Override
    public String name() {
        return "Squeeze";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        if (Types.axesAtRunTime(ctx, 1)) {
            int count = Types.staticLength(ctx, 1);
            if (count < 0) {
                throw new NotStaticException("the number of axes must be known statically");
            }
            return List.of(new TensorType(in.dtype(), Shape.unknown(in.rank() - count)));
        }
        long[] axes = Types.axes(ctx, 1);
        List<Dim> dims = in.shape().dims();
        boolean[] drop = new boolean[dims.size()];
        if (axes == null) {
            for (int i = 0; i < drop.length; i++) {
                if (!dims.get(i).isKnown()) {
                    throw new OpException("Squeeze without axes needs known dimensions, got " + in);
                }
                drop[i] = dims.get(i).is(1);
            }
        } else {
            for (int a : Axes.normalize(axes, dims.size())) {
                if (dims.get(a).isKnown() && !dims.get(a).is(1)) {
                    throw new OpException("cannot squeeze axis " + a + " of " + in + ": it is not 1");
                }
                drop[a] = true;
            }
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < drop.length; i++) {
            if (!drop[i]) {
                out.add(dims.get(i));
            }
        }
        return List.of(new TensorType(in.dtype(), new Shape(out)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long[] axes = Types.axes(ctx, 1);
        int[] shape = x.shape();
        boolean[] drop = new boolean[shape.length];
        if (axes == null) {
            for (int i = 0; i < shape.length; i++) {
                drop[i] = shape[i] == 1;
            }
        } else {
            for (int a : Axes.normalize(axes, shape.length)) {
                if (shape[a] != 1) {
                    throw new OpException("cannot squeeze axis " + a + " of size " + shape[a]);
                }
                drop[a] = true;
            }
        }
        return List.of(x.reshape(IntStream.range(0, shape.length)
                .filter(i -> !drop[i]).map(i -> shape[i]).toArray()));
    }
}
