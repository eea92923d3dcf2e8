package dev.graft.serve;

import dev.graft.attention.PageTable;

/**
 * What every {@link PagedAttention} node of a model reads while one step runs: the cache,
 * the step's page table (KV lengths that count the step's new tokens), its ragged query
 * rows and the request each chunk belongs to. Bound with {@link #CURRENT} around the
 * graph's execution, so the graph's tensors stay immutable and the cache is the one piece
 * of state.
 *
 * @param requests the request id of each chunk, in chunk order
 */
public record PagedStep(KvStore store, PageTable table, int[] qoIndptr, int[] requests) {

    public static final ScopedValue<PagedStep> CURRENT = ScopedValue.newInstance();

    public static PagedStep of(KvStore store, Step step) {
        return new PagedStep(store, step.pageTable(store.pageSize()), step.qoIndptr(),
                step.chunks().stream().mapToInt(Chunk::request).toArray());
    }

    /** Keys and values chunk {@code r}'s request holds once the step's are appended. */
    public int kvLength(int r) {
        return table.kvLength(r);
    }
}
