package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX CumSum(x, axis): running sums along an axis, optionally exclusive and/or reversed. */
public final class CumSum implements Op {
    @Override
    public String name() {
        return "CumSum";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        ctx.inputType(1);
        return List.of(ctx.inputType(0));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = Axes.normalize(Types.longsOf(ctx.required(1), "axis")[0], x.rank());
        boolean exclusive = ctx.attributes().getInt("exclusive", 0) != 0;
        boolean reverse = ctx.attributes().getInt("reverse", 0) != 0;
        int[] s = x.shape();
        int n = s[axis];
        int inner = Strides.span(s, axis + 1, s.length);
        int outer = x.size() / Math.max(1, n * inner);
        boolean floating = x.dtype().isFloating();
        float[] fin = floating ? x.floats() : null;
        long[] lin = floating ? null : x.longs();
        float[] fout = floating ? new float[x.size()] : null;
        long[] lout = floating ? null : new long[x.size()];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double facc = 0;
                long lacc = 0;
                for (int step = 0; step < n; step++) {
                    int k = reverse ? n - 1 - step : step;
                    int at = (o * n + k) * inner + i;
                    if (floating) {
                        facc += exclusive ? 0 : fin[at];
                        fout[at] = (float) facc;
                        facc += exclusive ? fin[at] : 0;
                    } else {
                        lacc += exclusive ? 0 : lin[at];
                        lout[at] = lacc;
                        lacc += exclusive ? lin[at] : 0;
                    }
                }
            }
        }
        return List.of(floating ? Tensor.ofFloats(x.dtype(), s, fout) : Tensor.ofLongs(x.dtype(), s, lout));
    }
}
