package dev.graft.engine.ops.grad;

import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;

/** The output type of a scatter op: float32 of the shape its int64 shape input holds. */
final class GradShapes {
    private GradShapes() {
    }

    static TensorType fromShapeInput(InferenceContext ctx, int input, String op) {
        Tensor shape = ctx.constant(input);
        if (shape == null) {
            throw new OpException(op + ": the output shape (input " + input + ") must be a constant");
        }
        return new TensorType(DType.FLOAT32, Shape.of(shape.toLongs()));
    }

    static int[] ints(Tensor shape) {
        long[] l = shape.toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }
}
