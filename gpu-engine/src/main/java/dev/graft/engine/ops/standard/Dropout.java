package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Dropout at inference: the identity, with an all-true mask as its optional second output. */
public final class Dropout implements Op {
    @Override
    public String name() {
        return "Dropout";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType t = ctx.inputType(0);
        return List.of(t, new TensorType(DType.BOOL, t.shape()));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        if (ctx.node().outputs().size() < 2) {
            return List.of(x);
        }
        long[] mask = new long[x.size()];
        Arrays.fill(mask, 1);
        return List.of(x, Tensor.ofLongs(DType.BOOL, x.shape(), mask));
    }
}
