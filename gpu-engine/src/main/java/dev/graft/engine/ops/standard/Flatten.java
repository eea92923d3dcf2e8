package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Flatten: a 2-D view, axes before {@code axis} (default 1) as rows, the rest as columns. */
public final class Flatten implements Op {
    @Override
    public String name() {
        return "Flatten";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        int axis = axis(ctx.attributes().getInt("axis", 1), in.rank());
        return List.of(new TensorType(in.dtype(), Shape.of(product(in.shape(), 0, axis), product(in.shape(), axis, in.rank()))));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = axis(ctx.attributes().getInt("axis", 1), x.rank());
        int rows = 1;
        for (int d = 0; d < axis; d++) {
            rows *= x.dim(d);
        }
        return List.of(x.reshape(rows, rows == 0 ? 0 : x.size() / rows));
    }

    /** Flatten's axis may equal the rank (everything in the rows). */
    private static int axis(long axis, int rank) {
        if (axis < -rank || axis > rank) {
            throw new OpException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    private static Dim product(Shape s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (!s.dim(i).isKnown()) {
                return Dim.UNKNOWN;
            }
            p *= s.dim(i).size();
        }
        return Dim.of(p);
    }
}
