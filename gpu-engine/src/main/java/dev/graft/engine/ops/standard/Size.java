package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Size: the number of elements, as an int64 scalar. */
public final class Size implements Op {
    @Override
    public String name() {
        return "Size";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        ctx.inputType(0);
        return List.of(TensorType.scalar(DType.INT64));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        return List.of(Tensor.scalar((long) ctx.required(0).size()));
    }
}
