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

/** ONNX Unsqueeze: inserts unit dimensions at the given axes of the output. */
public final class Unsqueeze implements Op {
    @Override
    public String name() {
        return "Unsqueeze";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        long[] axes = Types.axes(ctx, 1);
        if (axes == null) {
            if (!Types.axesAtRunTime(ctx, 1)) {
                throw new OpException("Unsqueeze needs axes");
            }
            int count = Types.staticLength(ctx, 1);
            if (count < 0) {
                throw new NotStaticException("the number of axes must be known statically");
            }
            return List.of(new TensorType(in.dtype(), Shape.unknown(in.rank() + count)));
        }
        return List.of(new TensorType(in.dtype(), new Shape(insert(in.shape().dims(), axes, Dim.of(1)))));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long[] axes = Types.axes(ctx, 1);
        if (axes == null) {
            throw new OpException("Unsqueeze needs axes");
        }
        List<Integer> dims = new ArrayList<>();
        for (int d : x.shape()) {
            dims.add(d);
        }
        return List.of(x.reshape(insert(dims, axes, 1).stream().mapToInt(Integer::intValue).toArray()));
    }

    private static <T> List<T> insert(List<T> dims, long[] axes, T unit) {
        int rank = dims.size() + axes.length;
        int[] at = Axes.normalize(axes, rank);
        boolean[] isNew = new boolean[rank];
        for (int a : at) {
            isNew[a] = true;
        }
        List<T> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < rank; i++) {
            out.add(isNew[i] ? unit : dims.get(next++));
        }
        return out;
    }
}
