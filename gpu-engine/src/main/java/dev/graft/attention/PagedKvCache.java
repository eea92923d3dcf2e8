package dev.graft.attention;

/**
 * A host-side paged KV cache in NHD layout: keys and values are each
 * {@code (numPages, pageSize, numKvHeads, headDim)} of 16-bit {@code dtype} patterns.
 * Pages are handed to requests by a {@link PageTable}; the cache itself knows nothing of
 * requests.
 */
public final class PagedKvCache {
    private final int numPages;
    private final int pageSize;
    private final HeadConfig heads;
    private final short[] keys;
    private final short[] values;

    public PagedKvCache(int numPages, int pageSize, HeadConfig heads) {
        if (numPages <= 0 || pageSize <= 0) {
            throw new AttentionInputException("paged cache: need positive page count and size, got "
                    + numPages + " pages of " + pageSize);
        }
        long elements = (long) numPages * pageSize * heads.kvRowElements();
        if (elements > Integer.MAX_VALUE - 8) {
            throw new AttentionInputException("paged cache: " + elements
                    + " elements per tensor exceed a host array; use the device cache");
        }
        this.numPages = numPages;
        this.pageSize = pageSize;
        this.heads = heads;
        this.keys = new short[(int) elements];
        this.values = new short[(int) elements];
    }

    public int numPages() {
        return numPages;
    }

    public int pageSize() {
        return pageSize;
    }

    public HeadConfig heads() {
        return heads;
    }

    /** Keys, {@code (numPages, pageSize, numKvHeads, headDim)}; the array is the cache's own. */
    public short[] keys() {
        return keys;
    }

    /** Values, same layout as {@link #keys()}. */
    public short[] values() {
        return values;
    }

    /** Element offset of (slot, kvHead, 0) where slot = page * pageSize + position in page. */
    public long offset(long slot, int kvHead) {
        return (slot * heads.numKvHeads() + kvHead) * heads.headDim();
    }
}
