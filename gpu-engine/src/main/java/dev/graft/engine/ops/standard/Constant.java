package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** ONNX Constant: its value from exactly one of value, value_float(s), value_int(s). */
public final class Constant implements Op {
    @Override
    public String name() {
        return "Constant";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        Tensor v = value(ctx.attributes());
        return List.of(new TensorType(v.dtype(), Shape.of(v.shape())));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        return List.of(value(ctx.attributes()));
    }

    static Tensor value(Attributes a) {
        if (a.has("value")) {
            return a.getTensor("value");
        }
        if (a.has("value_float")) {
            return Tensor.scalar(a.getFloat("value_float", 0));
        }
        if (a.has("value_int")) {
            return Tensor.scalar(a.getInt("value_int", 0));
        }
        if (a.has("value_floats")) {
            float[] v = a.getFloats("value_floats");
            return Tensor.ofFloats(new int[] {v.length}, v);
        }
        if (a.has("value_ints")) {
            long[] v = a.getInts("value_ints");
            return Tensor.ofLongs(new int[] {v.length}, v);
        }
        throw new OpException("Constant needs a value, value_float(s) or value_int(s) attribute; has " + a.names());
    }
}
