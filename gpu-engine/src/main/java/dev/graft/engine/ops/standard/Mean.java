package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.cpu.FloatArithmetic;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Mean: the elementwise mean of its inputs, broadcast; Sum's shape rule, divided by the input count. */
public final class Mean implements Op {
    private final Op sum = new ArithmeticOps().ops().stream().filter(op -> op.name().equals("Sum")).findFirst().orElseThrow();

    @Override
    public String name() {
        return "Mean";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        List<TensorType> types = sum.inferTypes(ctx);
        Types.requireFloating(types.getFirst(), "Mean input");
        return types;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor total = sum.execute(ctx).getFirst();
        if (!total.dtype().isFloating()) {
            throw new OpException("Mean needs floating inputs");
        }
        float count = ctx.inputCount();
        return List.of(Elementwise.floats(total, Tensor.scalar(count), FloatArithmetic.DIV));
    }
}
