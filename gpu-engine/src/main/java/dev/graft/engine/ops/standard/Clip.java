package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Clip (opset 11+): bounds as optional scalar inputs; an absent one does not bound. */
public final class Clip implements Op {
    @Override
    public String name() {
        return "Clip";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.inputType(0));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        Tensor lo = ctx.input(1);
        Tensor hi = ctx.input(2);
        if (x.dtype().isFloating()) {
            float min = lo == null ? Float.NEGATIVE_INFINITY : lo.floats()[0];
            float max = hi == null ? Float.POSITIVE_INFINITY : hi.floats()[0];
            float[] in = x.floats();
            float[] out = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = Math.min(Math.max(in[i], min), max);
            }
            return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
        }
        long min = lo == null ? Long.MIN_VALUE : lo.longs()[0];
        long max = hi == null ? Long.MAX_VALUE : hi.longs()[0];
        long[] in = x.longs();
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.min(Math.max(in[i], min), max);
        }
        return List.of(Tensor.ofLongs(x.dtype(), x.shape(), out));
    }
}
