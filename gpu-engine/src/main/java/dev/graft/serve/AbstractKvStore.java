package dev.graft.serve;

/**
 * What every KV store has whatever it keeps: the cache's size in pages of {@code pageSize}
 * tokens, which the scheduler's page allocator counts. Contiguous stores split the same
 * memory into slots ({@link AbstractContiguousKvStore}) but report it in pages too, so the
 * two compare at equal size.
 */
abstract sealed class AbstractKvStore implements KvStore
        permits Float32KvStore, LibraryKvStore, CudaKvStore, AbstractContiguousKvStore {
    private final int numPages;
    private final int pageSize;

    AbstractKvStore(int numPages, int pageSize) {
        this.numPages = numPages;
        this.pageSize = pageSize;
    }

    @Override
    public final int numPages() {
        return numPages;
    }

    @Override
    public final int pageSize() {
        return pageSize;
    }
}
