package dev.graft.attention;

/**
 * Where a batch's keys and values live: pages of a {@link PagedKvCache} ({@link Paged})
 * or one ragged tensor per K and V indexed by {@code kvIndptr} ({@link Ragged}). Kernels
 * and the reference read both through the same three questions: how long is request r,
 * which arrays hold K and V, and where does token t of head h start.
 */
public sealed interface KvSource permits KvSource.Paged, KvSource.Ragged {

    int batchSize();

    int kvLength(int request);

    short[] keys();

    short[] values();

    /** Element offset of (request, token, kvHead, 0) in {@link #keys()} and {@link #values()}. */
    long offset(int request, int token, int kvHead);

    default int[] kvLengths() {
        int[] lens = new int[batchSize()];
        for (int r = 0; r < lens.length; r++) {
            lens[r] = kvLength(r);
        }
        return lens;
    }

    /** KV in pages; the table is checked against the cache when the source is made. */
    record Paged(PagedKvCache cache, PageTable table) implements KvSource {
        public Paged {
            table.checkAgainst(cache);
        }

        @Override
        public int batchSize() {
            return table.batchSize();
        }

        @Override
        public int kvLength(int request) {
            return table.kvLength(request);
        }

        @Override
        public short[] keys() {
            return cache.keys();
        }

        @Override
        public short[] values() {
            return cache.values();
        }

        @Override
        public long offset(int request, int token, int kvHead) {
            return cache.offset(table.slot(request, token), kvHead);
        }
    }

    /**
     * KV as ragged tensors {@code (totalKv, numKvHeads, headDim)}: request r owns rows
     * {@code kvIndptr[r] .. kvIndptr[r+1])}.
     */
    record Ragged(HeadConfig heads, int[] kvIndptr, short[] keys, short[] values) implements KvSource {
        public Ragged {
            if (keys.length != values.length || keys.length % heads.kvRowElements() != 0) {
                throw new AttentionInputException("ragged kv: keys (" + keys.length + ") and values ("
                        + values.length + ") must both be rows of " + heads.kvRowElements() + " elements");
            }
            Indptr.check("kv_indptr", kvIndptr, keys.length / heads.kvRowElements(), "the ragged keys");
        }

        @Override
        public int batchSize() {
            return kvIndptr.length - 1;
        }

        @Override
        public int kvLength(int request) {
            return kvIndptr[request + 1] - kvIndptr[request];
        }

        @Override
        public long offset(int request, int token, int kvHead) {
            return ((long) (kvIndptr[request] + token) * heads.numKvHeads() + kvHead) * heads.headDim();
        }
    }
}
