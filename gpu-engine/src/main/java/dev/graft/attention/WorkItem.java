package dev.graft.attention;

/**
 * One unit of scheduled work: query rows {@code [qoStart, qoEnd)} of a request (relative
 * to the request) against its keys {@code [kvStart, kvEnd)}, writing partial states to
 * rows {@code partialRow ..} of the workspace. Every KV head (and head tile) of the item
 * runs as its own CTA.
 */
public record WorkItem(int request, int qoStart, int qoEnd, int kvStart, int kvEnd, int partialRow) {

    public int qoRows() {
        return qoEnd - qoStart;
    }
}
