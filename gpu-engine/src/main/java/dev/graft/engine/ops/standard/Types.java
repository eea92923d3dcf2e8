package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;

/** Checks on input types shared by the standard ops; each failure is an {@link OpException}. */
final class Types {
    private Types() {
    }

    /** Requires inputs {@code 0..count-1} (the present ones) to share one dtype, and returns it. */
    static DType sameDType(InferenceContext ctx, int count) {
        DType first = null;
        for (int i = 0; i < count; i++) {
            if (!ctx.hasInput(i)) {
                continue;
            }
            DType d = ctx.inputType(i).dtype();
            if (first == null) {
                first = d;
            } else if (d != first) {
                throw new OpException("inputs have different dtypes " + first + " and " + d);
            }
        }
        return first;
    }

    static void requireFloating(TensorType t, String what) {
        if (!t.dtype().isFloating()) {
            throw new OpException(what + " must be a floating type, got " + t.dtype());
        }
    }

    static void requireRank(TensorType t, int rank, String what) {
        if (t.rank() != rank) {
            throw new OpException(what + " must have rank " + rank + ", got " + t);
        }
    }

    /** The input's value as longs, for inputs that carry shapes, axes or indices. */
    static long[] longsOf(Tensor t, String what) {
        if (t.dtype().isFloating()) {
            throw new OpException(what + " must be an integer tensor, got " + t.dtype());
        }
        return t.longs();
    }
}
