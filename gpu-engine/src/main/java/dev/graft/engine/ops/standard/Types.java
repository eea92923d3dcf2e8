package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
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

    /** The value of a constant integer input (shape, axes, indices), or {@code null} when only known at run time. */
    static long[] constantLongs(InferenceContext ctx, int i) {
        if (!ctx.hasInput(i)) {
            return null;
        }
        Tensor t = ctx.constant(i);
        return t == null ? null : longsOf(t, "input " + i);
    }

    /** The length of a 1-D input whose value is a list (a shape, axes), when static; else -1. */
    static int staticLength(InferenceContext ctx, int i) {
        TensorType t = ctx.inputType(i);
        if (t.rank() != 1) {
            throw new OpException("input " + i + " must be 1-D, got " + t);
        }
        Dim d = t.shape().dim(0);
        return d.isKnown() ? (int) d.size() : -1;
    }

    /** Axes from input {@code i} (newer opsets) or the {@code axes} attribute (older ones); {@code null} when absent. */
    static long[] axes(ExecutionContext ctx, int i) {
        Tensor t = ctx.input(i);
        return t != null ? longsOf(t, "axes") : ctx.attributes().getInts("axes");
    }

    /**
     * Axes for inference: the attribute, or input {@code i} when it is constant.
     * Returns {@code null} both when there are none and when they come at run time;
     * {@link #axesAtRunTime} tells the two apart.
     */
    static long[] axes(InferenceContext ctx, int i) {
        return ctx.hasInput(i) ? constantLongs(ctx, i) : ctx.attributes().getInts("axes");
    }

    static boolean axesAtRunTime(InferenceContext ctx, int i) {
        return ctx.hasInput(i) && ctx.constant(i) == null;
    }
}
