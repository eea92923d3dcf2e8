package dev.graft.serve;

import dev.graft.engine.cuda.CudaBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;

/**
 * Where {@link PagedAttention} keeps each layer's keys and values, and how it attends over
 * them. Tensors are in the graph's layout: q and the result {@code (1, qHeads, T, headDim)},
 * the step's new k and v {@code (1, kvHeads, T, headDim)}; chunk r owns rows
 * {@code qoIndptr[r] .. qoIndptr[r+1])}, its request's newest tokens, and the step's KV
 * lengths already count them. Layers are named by their attention node.
 */
public sealed interface KvStore permits AbstractKvStore {

    int numPages();

    int pageSize();

    /** The storage, for reports: {@code f32}, {@code bf16}, ... */
    String dtype();

    /** One line on how {@code layers} attention layers run over this store, for reports. */
    default String describe(int layers) {
        return "fused paged attention (" + layers + " layers, " + numPages() + " pages of " + pageSize() + " tokens, "
                + dtype() + ")";
    }

    /** Writes k and v into the layer's cache, then returns causal attention of q over each request's keys. */
    float[] appendAndAttend(String layer, AttentionHeads heads, PagedStep step, float[] q, float[] k, float[] v);

    /** Refuses, before it is queued, a request this store could never hold; pages are the scheduler's to count. */
    default void admit(GenerationRequest request) {
    }

    /** Forgets a request that ended: whatever it held beyond its pages is free again. */
    default void release(int request) {
    }

    /** The head layout and logits scale of one attention layer. */
    record AttentionHeads(int qHeads, int kvHeads, int headDim, float scale) {
    }

    /** The store for a serving graph on a backend: on the CUDA backend the cache lives on the GPU. */
    static KvStore create(CacheConfig cache, Backend backend, Graph serving) {
        return backend instanceof CudaBackend cuda ? CudaKvStore.open(cuda, cache, serving)
                : create(cache.kvDtype(), cache.numPages(), cache.pageSize());
    }

    /** The unfused baseline's contiguous cache for a backend. */
    static KvStore contiguous(CacheConfig cache, Backend backend) {
        return backend instanceof CudaBackend cuda ? new CudaContiguousKvStore(cuda.runtime(), cache)
                : new ContiguousKvStore(cache);
    }

    /** A store of {@code numPages} pages of {@code pageSize} tokens in {@code dtype} ({@code f32}, {@code bf16}, {@code fp16}). */
    static KvStore create(String dtype, int numPages, int pageSize) {
        return dtype.equals("f32") ? new Float32KvStore(numPages, pageSize)
                : new LibraryKvStore(LibraryKvStore.parse(dtype), numPages, pageSize);
    }
}
