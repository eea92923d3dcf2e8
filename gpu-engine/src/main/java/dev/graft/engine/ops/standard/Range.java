package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.ShapeValue;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Range(start, limit, delta): {@code max(ceil((limit - start) / delta), 0)} values from start by delta. */
public final class Range implements Op {
    @Override
    public String name() {
        return "Range";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        var dtype = Types.sameDType(ctx, 3);
        Tensor start = ctx.constant(0);
        Tensor limit = ctx.constant(1);
        Tensor delta = ctx.constant(2);
        Dim n = start != null && limit != null && delta != null
                ? Dim.of(count(start.getDouble(0), limit.getDouble(0), delta.getDouble(0))) : Dim.UNKNOWN;
        // range(0, d, 1) over a symbolic dimension d (positions 0..seq-1) has length d.
        ShapeValue symbolicLimit = ctx.shapeValue(1);
        boolean counting = start != null && delta != null && start.getDouble(0) == 0 && delta.getDouble(0) == 1;
        if (counting && symbolicLimit != null && symbolicLimit.length() == 1) {
            n = symbolicLimit.dim(0);
        }
        return List.of(new TensorType(dtype, Shape.of(n)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor start = ctx.required(0);
        Tensor limit = ctx.required(1);
        Tensor delta = ctx.required(2);
        int n = count(start.getDouble(0), limit.getDouble(0), delta.getDouble(0));
        if (start.dtype().isFloating()) {
            float s = start.floats()[0];
            float d = delta.floats()[0];
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = s + i * d;
            }
            return List.of(Tensor.ofFloats(start.dtype(), new int[] {n}, out));
        }
        long s = start.longs()[0];
        long d = delta.longs()[0];
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = s + i * d;
        }
        return List.of(Tensor.ofLongs(start.dtype(), new int[] {n}, out));
    }

    private static int count(double start, double limit, double delta) {
        if (delta == 0) {
            throw new OpException("Range delta cannot be 0");
        }
        return (int) Math.max(Math.ceil((limit - start) / delta), 0);
    }
}
