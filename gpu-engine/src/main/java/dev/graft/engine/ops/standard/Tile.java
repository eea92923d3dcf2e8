package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX Tile: repeats the input {@code repeats[i]} times along axis i. Done as a
 * broadcast copy into a view of shape {@code (r0, d0, r1, d1, ...)} whose repeat
 * axes have stride 0, then read as {@code (r0*d0, r1*d1, ...)}.
 */
public final class Tile implements Op {
    @Override
    public String name() {
        return "Tile";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        long[] repeats = Types.constantLongs(ctx, 1);
        if (repeats == null) {
            return List.of(new TensorType(in.dtype(), Shape.unknown(in.rank())));
        }
        check(repeats, in.rank());
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            Dim d = in.shape().dim(i);
            dims.add(repeats[i] == 1 ? d : d.isKnown() ? Dim.of(d.size() * repeats[i]) : Dim.UNKNOWN);
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long[] repeats = Types.longsOf(ctx.required(1), "repeats");
        check(repeats, x.rank());
        int rank = x.rank();
        int[] strides = Strides.of(x.shape());
        int[] viewShape = new int[2 * rank];
        int[] viewStrides = new int[2 * rank];
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            viewShape[2 * i] = (int) repeats[i];
            viewShape[2 * i + 1] = x.dim(i);
            viewStrides[2 * i + 1] = strides[i];
            outShape[i] = (int) repeats[i] * x.dim(i);
        }
        return List.of(StridedCopy.copy(x, 0, viewShape, viewStrides).reshape(outShape));
    }

    private static void check(long[] repeats, int rank) {
        if (repeats.length != rank) {
            throw new OpException("repeats has " + repeats.length + " entries for rank " + rank);
        }
        for (long r : repeats) {
            if (r < 0) {
                throw new OpException("repeats cannot be negative");
            }
        }
    }
}
