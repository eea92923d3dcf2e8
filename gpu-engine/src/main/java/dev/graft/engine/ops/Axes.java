package dev.graft.engine.ops;

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
