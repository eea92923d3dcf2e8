package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ONNX NonZero: the indices of the nonzero elements, one row per axis and one
 * column per element in row-major order; the column count depends on the data.
 */
public final class NonZero implements Op {
    @Override
    public String name() {
        return "NonZero";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return List.of(new TensorType(DType.INT64, Shape.of(Dim.of(ctx.inputType(0).rank()), Dim.UNKNOWN)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int[] shape = x.shape();
        int count = 0;
        for (int i = 0; i < x.size(); i++) {
            count += x.getDouble(i) != 0 ? 1 : 0;
        }
        long[] out = new long[shape.length * count];
        int column = 0;
        for (int i = 0; i < x.size(); i++) {
            if (x.getDouble(i) == 0) {
                continue;
            }
            int rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                out[d * count + column] = rest % shape[d];
                rest /= shape[d];
            }
            column++;
        }
        return List.of(Tensor.ofLongs(new int[] {shape.length, count}, out));
    }
}
