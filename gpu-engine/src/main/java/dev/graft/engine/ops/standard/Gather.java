package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Storage;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX Gather: picks slices of {@code data} along {@code axis} at the given
 * indices (negative ones count from the end); the output shape is
 * {@code data[:axis] + indices + data[axis+1:]}. Embedding lookups are this op.
 */
public final class Gather implements Op {
    @Override
    public String name() {
        return "Gather";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.inputType(0);
        TensorType indices = ctx.inputType(1);
        if (indices.dtype().isFloating()) {
            throw new OpException("indices must be integers, got " + indices.dtype());
        }
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), data.rank());
        List<Dim> dims = new ArrayList<>(data.shape().dims().subList(0, axis));
        dims.addAll(indices.shape().dims());
        dims.addAll(data.shape().dims().subList(axis + 1, data.rank()));
        return List.of(new TensorType(data.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor data = ctx.required(0);
        Tensor indices = ctx.required(1);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), data.rank());
        long[] idx = Types.longsOf(indices, "indices");
        int[] ds = data.shape();
        int outer = Strides.span(ds, 0, axis);
        int inner = Strides.span(ds, axis + 1, ds.length);
        int size = ds[axis];
        int[] outShape = new int[ds.length - 1 + indices.rank()];
        System.arraycopy(ds, 0, outShape, 0, axis);
        System.arraycopy(indices.shape(), 0, outShape, axis, indices.rank());
        System.arraycopy(ds, axis + 1, outShape, axis + indices.rank(), ds.length - axis - 1);
        Object src = Storage.of(data);
        Object dst = Storage.allocate(data.dtype(), Tensor.sizeOf(outShape));
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < idx.length; i++) {
                long at = idx[i] < 0 ? idx[i] + size : idx[i];
                if (at < 0 || at >= size) {
                    throw new OpException("index " + idx[i] + " is out of range for axis " + axis + " of size " + size);
                }
                System.arraycopy(src, (o * size + (int) at) * inner, dst, (o * idx.length + i) * inner, inner);
            }
        }
        return List.of(Storage.wrap(data.dtype(), outShape, dst));
    }
}
