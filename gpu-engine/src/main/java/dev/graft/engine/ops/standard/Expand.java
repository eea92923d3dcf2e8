package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.NotStaticException;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.ShapeValue;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Expand: broadcasts the input against a shape (which may itself hold 1s the input widens). */
public final class Expand implements Op {
    @Override
    public String name() {
        return "Expand";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        ShapeValue target = ctx.shapeValue(1);
        if (target == null) {
            int length = Types.staticLength(ctx, 1);
            if (length < 0) {
                throw new NotStaticException("the target shape's length must be known statically");
            }
            return List.of(new TensorType(in.dtype(), Broadcasting.shape(in.shape(), Shape.unknown(length))));
        }
        return List.of(new TensorType(in.dtype(), Broadcasting.shape(in.shape(), new Shape(target.dims()))));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long[] target = Types.longsOf(ctx.required(1), "shape");
        int[] t = new int[target.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.toIntExact(target[i]);
        }
        int[] out = Broadcasting.shape(x.shape(), t);
        return List.of(StridedCopy.copy(x, 0, out, Strides.broadcast(x.shape(), out)));
    }
}
