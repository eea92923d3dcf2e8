package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.cpu.Elementwise.FloatBinary;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;

/**
 * A broadcasting arithmetic op, one instance per ONNX op ({@link ArithmeticOps}
 * lists them). The result has the first input's dtype. Variadic ops (Max, Min,
 * Sum) fold their inputs left to right.
 */
final class Arithmetic implements Op {
    private final String name;
    private final FloatBinary onFloats;
    private final LongBinaryOperator onLongs;
    private final boolean variadic;
    private final boolean mixedTypes;

    /**
     * @param onFloats the floating form, or {@code null} when the op takes integers only
     * @param onLongs the integer form, or {@code null} when the op takes floats only
     * @param mixedTypes whether the second operand may have another dtype (Pow's exponent)
     */
    Arithmetic(String name, FloatBinary onFloats, LongBinaryOperator onLongs, boolean variadic, boolean mixedTypes) {
        this.name = name;
        this.onFloats = onFloats;
        this.onLongs = onLongs;
        this.variadic = variadic;
        this.mixedTypes = mixedTypes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        int n = ctx.inputCount();
        if (variadic ? n < 1 : n != 2) {
            throw new OpException(name + " takes " + (variadic ? "one or more inputs" : "two inputs") + ", got " + n);
        }
        DType dtype = mixedTypes ? ctx.inputType(0).dtype() : Types.sameDType(ctx, n);
        if (dtype.isFloating() ? onFloats == null : onLongs == null) {
            throw new OpException(name + " does not take " + dtype + " inputs");
        }
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shapes.add(ctx.inputType(i).shape());
        }
        return List.of(new TensorType(dtype, Broadcasting.shape(shapes)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor acc = ctx.required(0);
        for (int i = 1; i < ctx.inputCount(); i++) {
            acc = apply(acc, ctx.required(i));
        }
        return List.of(acc);
    }

    private Tensor apply(Tensor a, Tensor b) {
        if (a.dtype().isFloating() ? onFloats == null : onLongs == null) {
            throw new OpException(name + " does not take " + a.dtype() + " inputs");
        }
        if (a.dtype().isFloating()) {
            return Elementwise.floats(a, asFloats(b), onFloats);
        }
        return Elementwise.longs(a, asLongs(b), onLongs);
    }

    private static Tensor asFloats(Tensor t) {
        if (t.dtype().isFloating()) {
            return t;
        }
        long[] v = t.longs();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return Tensor.ofFloats(t.shape(), f);
    }

    private static Tensor asLongs(Tensor t) {
        return t.dtype().isFloating() ? Tensor.ofLongs(t.shape(), t.toLongs()) : t;
    }
}
