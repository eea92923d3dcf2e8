package dev.graft.attention;

/**
 * The additive bias of a {@link MaskMode#SHARED} or {@link MaskMode#PER_HEAD} variant,
 * all requests back to back: request r's block is {@code (heads, qoLen_r, kvLen_r)} fp32
 * with heads = 1 (shared) or numQoHeads (per head), starting at {@code offsets[r]}.
 * Use {@code Float.NEGATIVE_INFINITY} to drop a key.
 */
public record CustomMask(float[] bias, long[] offsets, int maskHeads) {

    /** Lays out a mask for the given lengths; fill {@link #bias()} through {@link #index}. */
    public static CustomMask zeros(int[] qoLens, int[] kvLens, int maskHeads) {
        long[] offsets = offsets(qoLens, kvLens, maskHeads);
        long total = offsets[qoLens.length];
        if (total > Integer.MAX_VALUE - 8) {
            throw new AttentionInputException("custom mask: " + total + " entries exceed a host array");
        }
        return new CustomMask(new float[(int) total], offsets, maskHeads);
    }

    static long[] offsets(int[] qoLens, int[] kvLens, int maskHeads) {
        long[] offsets = new long[qoLens.length + 1];
        for (int r = 0; r < qoLens.length; r++) {
            offsets[r + 1] = offsets[r] + (long) maskHeads * qoLens[r] * kvLens[r];
        }
        return offsets;
    }

    /** Index into {@link #bias()} of (request, head, query row, key) for a request of kvLen keys. */
    public long index(int request, int head, int qoRow, int qoLen, int kvLen, int kvPos) {
        int h = maskHeads == 1 ? 0 : head;
        return offsets[request] + ((long) h * qoLen + qoRow) * kvLen + kvPos;
    }

    /** Refuses a mask whose layout does not match the batch and the variant's mask mode. */
    public void check(MaskMode mode, HeadConfig heads, int[] qoLens, int[] kvLens) {
        int expectedHeads = mode == MaskMode.PER_HEAD ? heads.numQoHeads() : 1;
        if (maskHeads != expectedHeads) {
            throw new AttentionInputException("custom mask: has " + maskHeads + " heads, mode " + mode
                    + " needs " + expectedHeads);
        }
        long[] expected = offsets(qoLens, kvLens, maskHeads);
        for (int r = 0; r < expected.length; r++) {
            if (r >= offsets.length || offsets[r] != expected[r]) {
                throw new AttentionInputException("custom mask: offset of request " + r
                        + " does not match the batch's query and kv lengths");
            }
        }
        if (bias.length != expected[qoLens.length]) {
            throw new AttentionInputException("custom mask: bias has " + bias.length + " entries, the batch needs "
                    + expected[qoLens.length]);
        }
    }
}
