package dev.graft.engine.cuda;

/**
 * How the attention kernels find row n, head h of the queries, the output or the appended
 * keys and values: at element {@code n * row + h * head} (common.cuh's RowLayout). The
 * library's own layout is token-major, {@code (rows, heads, headDim)}; a graph's
 * head-major tensor {@code (1, heads, rows, headDim)} is read and written in place with
 * {@link #headMajor}, with no copy into the library's layout and back.
 *
 * @param row  elements from one row to the next
 * @param head elements from one head to the next
 */
public record RowLayout(int row, int head) {

    /** {@code (rows, heads, headDim)}: the library's layout. */
    public static RowLayout tokenMajor(int heads, int headDim) {
        return new RowLayout(Math.multiplyExact(heads, headDim), headDim);
    }

    /** {@code (heads, rows, headDim)}: the graph's layout of attention inputs and outputs. */
    public static RowLayout headMajor(int rows, int headDim) {
        return new RowLayout(headDim, Math.multiplyExact(rows, headDim));
    }
}
