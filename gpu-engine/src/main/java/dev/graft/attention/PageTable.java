package dev.graft.attention;

/**
 * Which pages of a {@link PagedKvCache} hold each request's keys and values, in CSR
 * form: request r owns pages {@code indices[indptr[r] .. indptr[r+1])} in order, and
 * its last page holds {@code lastPageLen[r]} tokens (1..pageSize; 0 only for a request
 * with no pages). A request's KV length is therefore
 * {@code (pages - 1) * pageSize + lastPageLen}.
 */
public record PageTable(int[] indptr, int[] indices, int[] lastPageLen, int pageSize) {

    public PageTable {
        if (pageSize <= 0) {
            throw new AttentionInputException("page table: page size must be positive, got " + pageSize);
        }
        Indptr.check("kv_indptr", indptr, indices.length, "kv_indices");
        if (lastPageLen.length != indptr.length - 1) {
            throw new AttentionInputException("page table: last_page_len has " + lastPageLen.length
                    + " entries for a batch of " + (indptr.length - 1));
        }
        for (int r = 0; r < lastPageLen.length; r++) {
            int pages = indptr[r + 1] - indptr[r];
            int last = lastPageLen[r];
            boolean ok = pages == 0 ? last == 0 : last >= 1 && last <= pageSize;
            if (!ok) {
                throw new AttentionInputException("page table: last_page_len[" + r + "] = " + last
                        + " is invalid for a request of " + pages + " pages of size " + pageSize);
            }
        }
    }

    /** Builds the table that gives request r the next ceil(kvLens[r] / pageSize) pages in order. */
    public static PageTable contiguous(int[] kvLens, int pageSize) {
        int[] indptr = new int[kvLens.length + 1];
        int[] last = new int[kvLens.length];
        for (int r = 0; r < kvLens.length; r++) {
            int pages = (kvLens[r] + pageSize - 1) / pageSize;
            indptr[r + 1] = indptr[r] + pages;
            last[r] = pages == 0 ? 0 : kvLens[r] - (pages - 1) * pageSize;
        }
        int[] indices = new int[indptr[kvLens.length]];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return new PageTable(indptr, indices, last, pageSize);
    }

    public int batchSize() {
        return indptr.length - 1;
    }

    public int kvLength(int request) {
        int pages = indptr[request + 1] - indptr[request];
        return pages == 0 ? 0 : (pages - 1) * pageSize + lastPageLen[request];
    }

    public int[] kvLengths() {
        int[] lens = new int[batchSize()];
        for (int r = 0; r < lens.length; r++) {
            lens[r] = kvLength(r);
        }
        return lens;
    }

    /** The cache slot (page * pageSize + offset) of token t of a request. */
    public long slot(int request, int token) {
        return (long) indices[indptr[request] + token / pageSize] * pageSize + token % pageSize;
    }

    /** Refuses a table whose page size differs from the cache's or whose pages lie outside it. */
    public void checkAgainst(PagedKvCache cache) {
        if (cache.pageSize() != pageSize) {
            throw new AttentionInputException("page table: page size " + pageSize
                    + " differs from the cache's " + cache.pageSize());
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= cache.numPages()) {
                throw new AttentionInputException("page table: kv_indices[" + i + "] = " + indices[i]
                        + " points outside the cache of " + cache.numPages() + " pages");
            }
        }
    }
}
