package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** {@code FusedSwiGLU(gate, up) = silu(gate) * up = gate * sigmoid(gate) * up}, elementwise on equal shapes. */
public final class FusedSwiGLU implements Op {
    @Override
    public String name() {
        return "FusedSwiGLU";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType gate = Checks.floating(ctx, 0, "gate");
        TensorType up = Checks.floating(ctx, 1, "up");
        Checks.rank(up, gate.rank(), "up");
        if (gate.dtype() != up.dtype()) {
            throw new OpException("gate " + gate + " and up " + up + " have different dtypes");
        }
        for (int i = 0; i < gate.rank(); i++) {
            Checks.sameDim(gate.shape().dim(i), up.shape().dim(i), "gate " + gate + " and up " + up);
        }
        return List.of(gate);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor gate = ctx.required(0);
        Tensor up = ctx.required(1);
        if (!Arrays.equals(gate.shape(), up.shape())) {
            throw new OpException("gate " + gate + " and up " + up + " differ in shape");
        }
        float[] g = gate.floats();
        float[] u = up.floats();
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = (float) (g[i] / (1.0 + Math.exp(-g[i])) * u[i]);
        }
        return List.of(Tensor.ofFloats(gate.dtype(), gate.shape(), out));
    }
}
