package dev.graft.serve;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Value;
import dev.graft.engine.run.Backend;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A decoder made ready to serve: through the paged KV cache when its rewritten graph
 * allows ({@link ServingGraph}), else unfused with full recomputation, and {@link #note}
 * says why. The runner keeps the cache's contents: run one engine of a model at a time.
 *
 * @param note null when the cache is used, else why it is not
 */
public record ServingModel(StepRunner runner, int vocab, int maxPositions, CacheConfig cache, String note) {

    /**
     * @param original  the graph as imported, what the fallback runs
     * @param rewritten the graph after the std and serving rules
     */
    public static ServingModel of(Graph original, Graph rewritten, Backend backend, CacheConfig cache) {
        return cached(original, rewritten, backend, cache, serving -> KvStore.create(cache, backend, serving));
    }

    /**
     * The unfused baseline with a cache: {@code rewritten} has only its attention on the cache
     * (the rest of the graph is the original's ops), attended as separate MatMul, Softmax and
     * MatMul over a contiguous max-length buffer per request ({@link ContiguousKvStore}).
     */
    public static ServingModel contiguous(Graph original, Graph rewritten, Backend backend, CacheConfig cache) {
        return cached(original, rewritten, backend, cache, serving -> KvStore.contiguous(cache, backend));
    }

    private static ServingModel cached(Graph original, Graph rewritten, Backend backend, CacheConfig cache,
                                       Function<Graph, KvStore> store) {
        int vocab = DecoderSignature.of(original).vocab();
        int positions = maxPositions(original);
        try {
            Graph serving = ServingGraph.prepare(rewritten);
            return new ServingModel(new PagedRunner(serving, backend, store.apply(serving), cache.cudaGraphs()), vocab,
                    positions, cache, null);
        } catch (NotServableException e) {
            return new ServingModel(new RecomputeRunner(new FullRecompute(original, backend)), vocab, positions, cache,
                    e.getMessage() + "; running it unfused, recomputing the whole sequence at every step");
        }
    }

    /** The original graph served without rewriting, by full recomputation: the baseline of comparisons. */
    public static ServingModel unfused(Graph original, Backend backend, CacheConfig cache) {
        return new ServingModel(new RecomputeRunner(new FullRecompute(original, backend)),
                DecoderSignature.of(original).vocab(), maxPositions(original), cache,
                "unfused as asked: recomputing the whole sequence at every step");
    }

    /** A fresh engine over this model, with an empty cache of its own pages. */
    public ServingEngine engine(LongSupplier clock) {
        return new ServingEngine(new Scheduler(new PageAllocator(cache.numPages(), cache.pageSize()), cache.scheduler()),
                runner, vocab, maxPositions, clock);
    }

    /** The rows of the model's position table, or unbounded when positions are computed (RoPE). */
    private static int maxPositions(Graph original) {
        Value tokens = original.value(DecoderSignature.of(original).tokens());
        return Positions.limit(original, Positions.ranges(original, tokens)).orElse(Integer.MAX_VALUE);
    }
}
