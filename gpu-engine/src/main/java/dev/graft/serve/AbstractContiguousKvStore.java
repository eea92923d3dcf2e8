package dev.graft.serve;

/**
 * The unfused baseline's cache, on either backend: every running request owns one slot of
 * a contiguous max-length buffer per layer ({@link ContiguousSlots}, sized like the paged
 * cache), taken when its first chunk runs and freed when it ends; a request longer than a
 * slot is refused before it is queued. Subclasses keep the slots' memory and attend over it.
 */
abstract sealed class AbstractContiguousKvStore extends AbstractKvStore
        permits ContiguousKvStore, CudaContiguousKvStore {
    final ContiguousSlots slots;
    /** Where the slots live and in what, for reports: {@code f32}, {@code on the GPU}. */
    private final String storage;
    /** The three passes of attention as this store runs them, for reports. */
    private final String passes;

    AbstractContiguousKvStore(CacheConfig cache, String storage, String passes) {
        super(cache.numPages(), cache.pageSize());
        this.slots = ContiguousSlots.sizedLike(cache);
        this.storage = storage;
        this.passes = passes;
    }

    @Override
    public final String dtype() {
        return storage + ": " + slots.slots() + " slots of " + slots.slotTokens() + " tokens";
    }

    @Override
    public final String describe(int layers) {
        return "unfused attention (" + passes + ") over a contiguous KV cache (" + layers + " layers, " + dtype() + ")";
    }

    @Override
    public final void admit(GenerationRequest request) {
        slots.admit(request);
    }

    @Override
    public final void release(int request) {
        slots.release(request);
    }
}
