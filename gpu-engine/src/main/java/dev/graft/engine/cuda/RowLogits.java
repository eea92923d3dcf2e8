package dev.graft.engine.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code RowLogits} struct of softmax.cu, passed by value: {@code rows} rows of
 * {@code n} logits, scaled, optionally masked (strides of the mask over batch, head, query,
 * key; 0 where it broadcasts) and causal with the diagonal at {@code j = i + diag}.
 * Rows are (batch, head, query) with {@code heads} heads of {@code queries} queries.
 */
record RowLogits(long rows, long n, long queries, long heads, long diag, long[] maskStrides, float scale,
                 boolean causal) {

    /** Plain softmax rows: scale 1, no mask, not causal. */
    static RowLogits plain(long rows, long n) {
        return new RowLogits(rows, n, 1, 1, 0, new long[4], 1f, false);
    }

    /** The struct's bytes: nine 64-bit fields, then a float and an int (80 bytes). */
    byte[] pack() {
        ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(rows).putLong(n).putLong(queries).putLong(heads).putLong(diag);
        for (long s : maskStrides) {
            b.putLong(s);
        }
        b.putFloat(scale).putInt(causal ? 1 : 0);
        return b.array();
    }
}
