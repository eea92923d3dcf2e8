package dev.graft.serve;

import dev.graft.attention.PageTable;

/**
 * What every {@link PagedAttention} node of a model reads while one step runs: the cache,
 * the step's page table (KV lengths that count the step's new tokens) and its ragged
 * query rows. Bound with {@link #CURRENT} around the graph's execution, so the graph's
 * tensors stay immutable and the cache is the one piece of state.
 */
public record PagedStep(KvStore store, PageTable table, int[] qoIndptr) {

    public static final ScopedValue<PagedStep> CURRENT = ScopedValue.newInstance();

    public static PagedStep of(KvStore store, Step step) {
        return new PagedStep(store, step.pageTable(store.pageSize()), step.qoIndptr());
    }
}
