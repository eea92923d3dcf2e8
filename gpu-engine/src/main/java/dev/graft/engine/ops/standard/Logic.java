package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpFamily;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.function.DoublePredicate;

/** Elementwise tests with a bool result: Not on bools, IsNaN and IsInf on floats. */
public final class Logic implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(new Test("Not", null), new Test("IsNaN", Double::isNaN), new Test("IsInf", Double::isInfinite));
    }

    /** @param onFloats the test on floats; {@code null} for Not, which takes bools */
    private record Test(String name, DoublePredicate onFloats) implements Op {
        @Override
        public List<TensorType> inferTypes(InferenceContext ctx) {
            TensorType t = ctx.inputType(0);
            boolean ok = onFloats == null ? t.dtype() == DType.BOOL : t.dtype().isFloating();
            if (!ok) {
                throw new OpException(name + " does not take " + t.dtype() + " input");
            }
            return List.of(new TensorType(DType.BOOL, t.shape()));
        }

        @Override
        public List<Tensor> execute(ExecutionContext ctx) {
            Tensor x = ctx.required(0);
            long[] out = new long[x.size()];
            for (int i = 0; i < out.length; i++) {
                boolean v = onFloats == null ? x.longs()[i] == 0 : onFloats.test(x.floats()[i]);
                out[i] = v ? 1 : 0;
            }
            return List.of(Tensor.ofLongs(DType.BOOL, x.shape(), out));
        }
    }
}
