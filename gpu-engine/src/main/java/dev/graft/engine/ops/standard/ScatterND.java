package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ONNX ScatterND: a copy of {@code data} where each index tuple (the last axis of
 * {@code indices}) selects a slice that is replaced by (or, with
 * {@code reduction} add/mul/max/min, combined with) the matching slice of
 * {@code updates}. Exporters emit it for in-place index assignment (KV caches).
 */
public final class ScatterND implements Op {
    @Override
    public String name() {
        return "ScatterND";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.inputType(0);
        if (ctx.inputType(2).dtype() != data.dtype()) {
            throw new OpException("updates must have the data's dtype " + data.dtype());
        }
        ctx.inputType(1);
        return List.of(data);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor data = ctx.required(0);
        Tensor indices = ctx.required(1);
        Tensor updates = ctx.required(2);
        String reduction = ctx.attributes().getString("reduction", "none");
        int[] ds = data.shape();
        int[] is = indices.shape();
        int q = is[is.length - 1];
        if (q > ds.length) {
            throw new OpException("index tuples of length " + q + " exceed the data's rank " + ds.length);
        }
        int slice = 1;
        for (int d = q; d < ds.length; d++) {
            slice *= ds[d];
        }
        int tuples = q == 0 ? 1 : indices.size() / q;
        if (updates.size() != tuples * slice) {
            throw new OpException("updates hold " + updates.size() + " elements, " + tuples + " slices of " + slice
                    + " need " + tuples * slice);
        }
        int[] strides = Strides.of(ds);
        long[] idx = Types.longsOf(indices, "indices");
        boolean floating = data.dtype().isFloating();
        float[] f = floating ? data.floats().clone() : null;
        long[] l = floating ? null : data.longs().clone();
        for (int t = 0; t < tuples; t++) {
            int at = 0;
            for (int k = 0; k < q; k++) {
                long v = idx[t * q + k];
                long w = v < 0 ? v + ds[k] : v;
                if (w < 0 || w >= ds[k]) {
                    throw new OpException("index " + v + " is out of range for axis " + k + " of size " + ds[k]);
                }
                at += (int) w * strides[k];
            }
            for (int e = 0; e < slice; e++) {
                int from = t * slice + e;
                if (floating) {
                    f[at + e] = (float) combine(reduction, f[at + e], updates.floats()[from]);
                } else {
                    l[at + e] = (long) combine(reduction, l[at + e], updates.longs()[from]);
                }
            }
        }
        return List.of(floating ? Tensor.ofFloats(data.dtype(), ds, f) : Tensor.ofLongs(data.dtype(), ds, l));
    }

    private static double combine(String reduction, double old, double update) {
        return switch (reduction) {
            case "none" -> update;
            case "add" -> old + update;
            case "mul" -> old * update;
            case "max" -> Math.max(old, update);
            case "min" -> Math.min(old, update);
            default -> throw new OpException("unknown reduction '" + reduction + "'");
        };
    }
}
