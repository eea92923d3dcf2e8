package dev.graft.engine.ops;

import java.util.Arrays;

/** Axis arguments as ONNX gives them: negative values count from the end. */
public final class Axes {
    private Axes() {
    }

    /** {@code axis} in [0, rank), from ONNX's [-rank, rank). */
    public static int normalize(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new OpException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /**
     * Which of {@code rank} axes a Reduce* op folds: those listed, or, when none
     * are ({@code null} or empty), all of them unless {@code noopWhenEmpty}.
     */
    public static boolean[] reduced(long[] axes, int rank, boolean noopWhenEmpty) {
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, !noopWhenEmpty);
            return reduced;
        }
        for (int a : normalize(axes, rank)) {
            reduced[a] = true;
        }
        return reduced;
    }

    public static int[] normalize(long[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            out[i] = normalize(axes[i], rank);
            if (seen[out[i]]) {
                throw new OpException("axis " + axes[i] + " is repeated");
            }
            seen[out[i]] = true;
        }
        return out;
    }
}
