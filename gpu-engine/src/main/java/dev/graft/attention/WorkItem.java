package dev.graft.attention;

/**
 * One unit of scheduled work: query rows {@code [qoStart, qoEnd)} of a request (relative
 * to the request) against its keys {@code [kvStart, kvEnd)}, writing partial states to
 * rows {@code partialRow ..} of the workspace, or, when {@code partialRow} is
 * {@link #DIRECT}, the finished output of its rows (the item is the only one of its rows,
 * so there is nothing to merge). Every KV head (and head tile) of the item runs as its own CTA.
 */
public record WorkItem(int request, int qoStart, int qoEnd, int kvStart, int kvEnd, int partialRow) {

    /** The partial row of an item that writes its rows' output itself. */
    public static final int DIRECT = -1;

    public int qoRows() {
        return qoEnd - qoStart;
    }

    public boolean direct() {
        return partialRow == DIRECT;
    }
}
