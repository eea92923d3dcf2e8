package dev.graft.engine.ops.grad;

import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * A scatter op of this package: its output is float32 of the shape an int64 input holds,
 * a constant of the graph (the forward op's input shape), so types are known before running.
 */
abstract class ScatterGradOp extends GradOp {
    private final int shapeInput;

    ScatterGradOp(String name, int shapeInput) {
        super(name);
        this.shapeInput = shapeInput;
    }

    @Override
    public final List<TensorType> inferTypes(InferenceContext ctx) {
        Tensor shape = ctx.constant(shapeInput);
        if (shape == null) {
            throw new OpException(name() + ": the output shape (input " + shapeInput + ") must be a constant");
        }
        return List.of(new TensorType(DType.FLOAT32, Shape.of(shape.toLongs())));
    }

    /** The output shape, from the shape input's value. */
    final int[] outputShape(ExecutionContext ctx) {
        long[] l = ctx.required(shapeInput).toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }
}
