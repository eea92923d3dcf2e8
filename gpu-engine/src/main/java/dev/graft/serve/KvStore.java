package dev.graft.serve;

import dev.graft.attention.PageTable;
import dev.graft.engine.cuda.CudaBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;

/**
 * Where {@link PagedAttention} keeps each layer's keys and values, and how it attends over
 * them. Tensors are in the graph's layout: q and the result {@code (1, qHeads, T, headDim)},
 * the step's new k and v {@code (1, kvHeads, T, headDim)}; request r owns rows
 * {@code qoIndptr[r] .. qoIndptr[r+1])}, its newest tokens, and the table's KV lengths
 * already count them. Layers are named by their attention node.
 */
public sealed interface KvStore permits Float32KvStore, LibraryKvStore, CudaKvStore {

    int numPages();

    int pageSize();

    /** The storage, for reports: {@code f32}, {@code bf16}, ... */
    String dtype();

    /** Writes k and v into the layer's pages, then returns causal attention of q over each request's keys. */
    float[] appendAndAttend(String layer, AttentionHeads heads, PageTable table, int[] qoIndptr, float[] q, float[] k,
                            float[] v);

    /** The head layout and logits scale of one attention layer. */
    record AttentionHeads(int qHeads, int kvHeads, int headDim, float scale) {
    }

    /** The store for a serving graph on a backend: on the CUDA backend the cache lives on the GPU. */
    static KvStore create(CacheConfig cache, Backend backend, Graph serving) {
        return backend instanceof CudaBackend cuda ? CudaKvStore.open(cuda, cache, serving)
                : create(cache.kvDtype(), cache.numPages(), cache.pageSize());
    }

    /** A store of {@code numPages} pages of {@code pageSize} tokens in {@code dtype} ({@code f32}, {@code bf16}, {@code fp16}). */
    static KvStore create(String dtype, int numPages, int pageSize) {
        return dtype.equals("f32") ? new Float32KvStore(numPages, pageSize)
                : new LibraryKvStore(LibraryKvStore.parse(dtype), numPages, pageSize);
    }
}
