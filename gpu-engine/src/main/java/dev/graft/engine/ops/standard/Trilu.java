package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ONNX Trilu: keeps the upper ({@code upper=1}, default) or lower triangle of
 * the last two axes, offset by diagonal {@code k}, and zeroes the rest.
 */
public final class Trilu implements Op {
    @Override
    public String name() {
        return "Trilu";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType t = ctx.inputType(0);
        if (t.rank() < 2) {
            throw new OpException("Trilu needs rank 2 or more, got " + t);
        }
        return List.of(t);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long k = ctx.input(1) == null ? 0 : Types.longsOf(ctx.input(1), "k")[0];
        boolean upper = ctx.attributes().getInt("upper", 1) != 0;
        int rows = x.dim(x.rank() - 2);
        int cols = x.dim(x.rank() - 1);
        int n = x.size();
        boolean floating = x.dtype().isFloating();
        float[] f = floating ? x.floats().clone() : null;
        long[] l = floating ? null : x.longs().clone();
        for (int at = 0; at < n; at++) {
            int j = at % cols;
            int i = (at / cols) % rows;
            boolean keep = upper ? j - i >= k : j - i <= k;
            if (!keep) {
                if (floating) {
                    f[at] = 0;
                } else {
                    l[at] = 0;
                }
            }
        }
        return List.of(floating ? Tensor.ofFloats(x.dtype(), x.shape(), f) : Tensor.ofLongs(x.dtype(), x.shape(), l));
    }
}
