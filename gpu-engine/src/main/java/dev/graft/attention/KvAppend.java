package dev.graft.attention;

/**
 * New keys and values for a batch, to be written as the last tokens of each request:
 * request r appends rows {@code appendIndptr[r] .. appendIndptr[r+1])} of
 * {@code keys, values (totalNew, numKvHeads, headDim)}. The page table already counts the
 * new tokens; it is checked against the cache, and no request may append more tokens
 * than its table gives it.
 */
public record KvAppend(PagedKvCache cache, PageTable table, int[] appendIndptr, short[] keys, short[] values) {

    public KvAppend {
        table.checkAgainst(cache);
        int rowElements = cache.heads().kvRowElements();
        if (keys.length != values.length || keys.length % rowElements != 0) {
            throw new AttentionInputException("kv append: keys (" + keys.length + ") and values (" + values.length
                    + ") must both be rows of " + rowElements + " elements");
        }
        Indptr.check("append_indptr", appendIndptr, keys.length / rowElements, "the appended rows");
        if (appendIndptr.length != table.indptr().length) {
            throw new AttentionInputException("kv append: append_indptr describes " + (appendIndptr.length - 1)
                    + " requests, the page table " + table.batchSize());
        }
        for (int r = 0; r < table.batchSize(); r++) {
            int count = appendIndptr[r + 1] - appendIndptr[r];
            if (count > table.kvLength(r)) {
                throw new AttentionInputException("kv append: request " + r + " appends " + count
                        + " tokens but its pages hold only " + table.kvLength(r));
            }
        }
    }
}
