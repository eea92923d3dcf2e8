package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** Passes its input through. */
public final class Identity implements Op {
    @Override
    public String name() {
        return "Identity";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.inputType(0));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        return List.of(ctx.required(0));
    }
}
