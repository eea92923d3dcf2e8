package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Storage;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX GatherElements: {@code out[i][j][k] = data[i][index[i][j][k]][k]} for axis 1, and so on; out has the indices' shape. */
public final class GatherElements implements Op {
    @Override
    public String name() {
        return "GatherElements";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.inputType(0);
        TensorType indices = ctx.inputType(1);
        if (data.rank() != indices.rank()) {
            throw new OpException("data " + data + " and indices " + indices + " must have the same rank");
        }
        Axes.normalize(ctx.attributes().getInt("axis", 0), data.rank());
        return List.of(new TensorType(data.dtype(), indices.shape()));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor data = ctx.required(0);
        Tensor indices = ctx.required(1);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), data.rank());
        int[] ds = data.shape();
        int[] is = indices.shape();
        int[] dataStrides = Strides.of(ds);
        long[] idx = Types.longsOf(indices, "indices");
        Object src = Storage.of(data);
        Object dst = Storage.allocate(data.dtype(), idx.length);
        int[] at = new int[is.length];
        for (int flat = 0; flat < idx.length; flat++) {
            int rest = flat;
            for (int d = is.length - 1; d >= 0; d--) {
                at[d] = rest % is[d];
                rest /= is[d];
            }
            long i = idx[flat] < 0 ? idx[flat] + ds[axis] : idx[flat];
            if (i < 0 || i >= ds[axis]) {
                throw new OpException("index " + idx[flat] + " is out of range for axis " + axis + " of size " + ds[axis]);
            }
            int offset = 0;
            for (int d = 0; d < is.length; d++) {
                offset += (d == axis ? (int) i : at[d]) * dataStrides[d];
            }
            System.arraycopy(src, offset, dst, flat, 1);
        }
        return List.of(Storage.wrap(data.dtype(), is, dst));
    }
}
