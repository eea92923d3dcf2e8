package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ONNX Mod: with {@code fmod=0} (integers only) the result takes the divisor's
 * sign, like Python's {@code %}; with {@code fmod=1} the dividend's, like C's fmod.
 */
public final class Mod implements Op {
    @Override
    public String name() {
        return "Mod";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        var dtype = Types.sameDType(ctx, 2);
        if (dtype.isFloating() && ctx.attributes().getInt("fmod", 0) != 1) {
            throw new OpException("Mod of floating inputs needs fmod=1");
        }
        return List.of(new TensorType(dtype, Broadcasting.shape(ctx.inputType(0).shape(), ctx.inputType(1).shape())));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor a = ctx.required(0);
        Tensor b = ctx.required(1);
        boolean fmod = ctx.attributes().getInt("fmod", 0) == 1;
        if (a.dtype().isFloating()) {
            return List.of(Elementwise.floats(a, b, (x, y) -> x % y));
        }
        return List.of(Elementwise.longs(a, b, (x, y) -> {
            if (y == 0) {
                throw new OpException("integer modulo by zero");
            }
            return fmod ? x % y : Math.floorMod(x, y);
        }));
    }
}
