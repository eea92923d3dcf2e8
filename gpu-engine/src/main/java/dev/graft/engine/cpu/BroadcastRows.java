package dev.graft.engine.cpu;

/**
 * Walks an output of shape {@code out} row by row (a row is the last dimension)
 * and gives, for each row, where every broadcast input's row starts and the
 * stride along it (0 or 1 for an input that is broadcast or not along the last
 * dimension). Elementwise kernels loop over the row themselves, which keeps
 * the per-element work free of index arithmetic.
 */
public final class BroadcastRows {

    /** Receives one row: output start, each input's start, and the row length. */
    @FunctionalInterface
    public interface Visitor {
        void row(int outStart, int[] inStarts, int length);
    }

    private final int[] out;
    private final int[][] strides;

    /**
     * Adjacent dimensions that every input reads the same way (all contiguous
     * across the pair, or all broadcast along both) are merged first, so rows
     * are as long as the broadcast allows: adding two tensors of one shape is a
     * single row.
     */
    public BroadcastRows(int[] out, int[]... inputs) {
        int[][] full = new int[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            full[k] = Strides.broadcast(inputs[k], out);
        }
        boolean[] mergeWithNext = new boolean[out.length];
        int rank = out.length;
        for (int d = 0; d + 1 < out.length; d++) {
            mergeWithNext[d] = true;
            for (int[] s : full) {
                mergeWithNext[d] &= s[d] == s[d + 1] * out[d + 1];
            }
            if (mergeWithNext[d]) {
                rank--;
            }
        }
        this.out = new int[rank];
        this.strides = new int[inputs.length][rank];
        int r = 0;
        int size = 1;
        for (int d = 0; d < out.length; d++) {
            size *= out[d];
            if (!mergeWithNext[d]) {
                this.out[r] = size;
                for (int k = 0; k < inputs.length; k++) {
                    strides[k][r] = full[k][d];
                }
                size = 1;
                r++;
            }
        }
    }

    /** The stride of input {@code k} along the last dimension (0 when broadcast). */
    public int innerStride(int k) {
        return out.length == 0 ? 0 : strides[k][out.length - 1];
    }

    public void forEachRow(Visitor visitor) {
        int rank = out.length;
        int[] starts = new int[strides.length];
        if (rank == 0) {
            visitor.row(0, starts, 1);
            return;
        }
        int length = out[rank - 1];
        int rows = 1;
        for (int i = 0; i < rank - 1; i++) {
            rows *= out[i];
        }
        if (length == 0 || rows == 0) {
            return;
        }
        int[] index = new int[rank - 1];
        for (int r = 0; r < rows; r++) {
            visitor.row(r * length, starts, length);
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                for (int k = 0; k < starts.length; k++) {
                    starts[k] += strides[k][d];
                }
                if (index[d] < out[d]) {
                    break;
                }
                for (int k = 0; k < starts.length; k++) {
                    starts[k] -= strides[k][d] * out[d];
                }
                index[d] = 0;
            }
        }
    }
}
