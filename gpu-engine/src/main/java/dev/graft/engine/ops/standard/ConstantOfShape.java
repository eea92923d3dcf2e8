package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.NotStaticException;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.ShapeValue;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** ONNX ConstantOfShape: a tensor of the given shape filled with {@code value} (float 0 by default). */
public final class ConstantOfShape implements Op {
    @Override
    public String name() {
        return "ConstantOfShape";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        DType dtype = fill(ctx.attributes().getTensor("value")).dtype();
        ShapeValue shape = ctx.shapeValue(0);
        if (shape == null) {
            int rank = Types.staticLength(ctx, 0);
            if (rank < 0) {
                throw new NotStaticException("the shape's length must be known statically");
            }
            return List.of(new TensorType(dtype, Shape.unknown(rank)));
        }
        return List.of(new TensorType(dtype, new Shape(shape.dims())));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor value = fill(ctx.attributes().getTensor("value"));
        long[] given = Types.longsOf(ctx.required(0), "shape");
        int[] shape = Arrays.stream(given).mapToInt(Math::toIntExact).toArray();
        int n = Tensor.sizeOf(shape);
        if (value.dtype().isFloating()) {
            float[] out = new float[n];
            Arrays.fill(out, value.floats()[0]);
            return List.of(Tensor.ofFloats(value.dtype(), shape, out));
        }
        long[] out = new long[n];
        Arrays.fill(out, value.longs()[0]);
        return List.of(Tensor.ofLongs(value.dtype(), shape, out));
    }

    private static Tensor fill(Tensor value) {
        if (value == null) {
            return Tensor.scalar(0f);
        }
        if (value.size() != 1) {
            throw new OpException("value must hold one element, got " + value);
        }
        return value;
    }
}
