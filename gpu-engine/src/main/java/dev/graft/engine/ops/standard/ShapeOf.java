package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Shape: the input's dimensions from {@code start} to {@code end} (clamped, negatives from the end). */
public final class ShapeOf implements Op {
    @Override
    public String name() {
        return "Shape";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        int rank = ctx.inputType(0).rank();
        int[] range = range(ctx.attributes().getInt("start", 0), ctx.attributes().getInt("end", rank), rank);
        return List.of(TensorType.of(DType.INT64, range[1] - range[0]));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        int[] shape = ctx.required(0).shape();
        int[] range = range(ctx.attributes().getInt("start", 0), ctx.attributes().getInt("end", shape.length), shape.length);
        long[] out = new long[range[1] - range[0]];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape[range[0] + i];
        }
        return List.of(Tensor.ofLongs(new int[] {out.length}, out));
    }

    private static int[] range(long start, long end, int rank) {
        int s = clamp(start, rank);
        int e = clamp(end, rank);
        return new int[] {s, Math.max(s, e)};
    }

    private static int clamp(long v, int rank) {
        long w = v < 0 ? v + rank : v;
        return (int) Math.max(0, Math.min(rank, w));
    }
}
