package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.cpu.Elementwise.FloatPredicate;
import dev.graft.engine.cpu.Elementwise.LongPredicate;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/** A broadcasting comparison or logical op with a boolean result ({@link ComparisonOps} lists them). */
final class Comparison implements Op {
    private final String name;
    private final FloatPredicate onFloats;
    private final LongPredicate onLongs;
    private final boolean boolOnly;

    Comparison(String name, FloatPredicate onFloats, LongPredicate onLongs, boolean boolOnly) {
        this.name = name;
        this.onFloats = onFloats;
        this.onLongs = onLongs;
        this.boolOnly = boolOnly;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        if (ctx.inputCount() != 2) {
            throw new OpException(name + " takes two inputs, got " + ctx.inputCount());
        }
        DType dtype = Types.sameDType(ctx, 2);
        if (boolOnly && dtype != DType.BOOL) {
            throw new OpException(name + " takes bool inputs, got " + dtype);
        }
        return List.of(new TensorType(DType.BOOL,
                Broadcasting.shape(ctx.inputType(0).shape(), ctx.inputType(1).shape())));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor a = ctx.required(0);
        Tensor b = ctx.required(1);
        if (a.dtype().isFloating() != b.dtype().isFloating()) {
            throw new OpException("inputs have different dtypes " + a.dtype() + " and " + b.dtype());
        }
        return List.of(a.dtype().isFloating() ? Elementwise.compareFloats(a, b, onFloats)
                : Elementwise.compareLongs(a, b, onLongs));
    }
}
