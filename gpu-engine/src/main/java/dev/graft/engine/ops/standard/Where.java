package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.BroadcastRows;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Where(condition, x, y): x where the condition holds, else y, all three broadcast. */
public final class Where implements Op {
    @Override
    public String name() {
        return "Where";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        if (ctx.inputType(0).dtype() != DType.BOOL) {
            throw new OpException("condition must be bool, got " + ctx.inputType(0).dtype());
        }
        TensorType x = ctx.inputType(1);
        TensorType y = ctx.inputType(2);
        if (x.dtype() != y.dtype()) {
            throw new OpException("x and y have different dtypes " + x.dtype() + " and " + y.dtype());
        }
        return List.of(new TensorType(x.dtype(),
                Broadcasting.shape(List.of(ctx.inputType(0).shape(), x.shape(), y.shape()))));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor c = ctx.required(0);
        Tensor x = ctx.required(1);
        Tensor y = ctx.required(2);
        int[] shape = Broadcasting.shape(c.shape(), x.shape(), y.shape());
        BroadcastRows rows = new BroadcastRows(shape, c.shape(), x.shape(), y.shape());
        int sc = rows.innerStride(0);
        int sx = rows.innerStride(1);
        int sy = rows.innerStride(2);
        long[] cond = c.longs();
        if (x.dtype().isFloating()) {
            float[] a = x.floats();
            float[] b = y.floats();
            float[] out = new float[Tensor.sizeOf(shape)];
            rows.forEachRow((o, in, n) -> {
                for (int k = 0; k < n; k++) {
                    out[o + k] = cond[in[0] + k * sc] != 0 ? a[in[1] + k * sx] : b[in[2] + k * sy];
                }
            });
            return List.of(Tensor.ofFloats(x.dtype(), shape, out));
        }
        long[] a = x.longs();
        long[] b = y.longs();
        long[] out = new long[Tensor.sizeOf(shape)];
        rows.forEachRow((o, in, n) -> {
            for (int k = 0; k < n; k++) {
                out[o + k] = cond[in[0] + k * sc] != 0 ? a[in[1] + k * sx] : b[in[2] + k * sy];
            }
        });
        return List.of(Tensor.ofLongs(x.dtype(), shape, out));
    }
}
