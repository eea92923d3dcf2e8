package dev.graft.serve;

/**
 * The size of the paged KV cache and the limits of one step.
 *
 * @param numPages    pages in the cache (each layer has this many)
 * @param pageSize    tokens per page
 * @param tokenBudget most tokens one step feeds
 * @param maxRunning  most requests admitted at once
 * @param kvDtype     how keys and values are stored: f32 (exact on the CPU), or bf16 / fp16 in the attention library
 * @param cudaGraphs  which steps on the device-resident CUDA backend are captured and replayed as CUDA graphs
 */
public record CacheConfig(int numPages, int pageSize, int tokenBudget, int maxRunning, String kvDtype,
                          CudaGraphs cudaGraphs) {

    /** With steps captured as CUDA graphs where the backend allows ({@link CudaGraphs#ON}). */
    public CacheConfig(int numPages, int pageSize, int tokenBudget, int maxRunning, String kvDtype) {
        this(numPages, pageSize, tokenBudget, maxRunning, kvDtype, CudaGraphs.ON);
    }

    public CacheConfig {
        if (numPages < 1 || pageSize < 1) {
            throw new dev.graft.engine.cli.UserError("cache: --pages and --page-size must be positive, got "
                    + numPages + " and " + pageSize);
        }
        if (tokenBudget < 1 || maxRunning < 1) {
            throw new dev.graft.engine.cli.UserError("scheduler: --token-budget and --max-running must be positive, got "
                    + tokenBudget + " and " + maxRunning);
        }
        if (!kvDtype.equals("f32")) {
            LibraryKvStore.parse(kvDtype);
        }
    }

    @Override
    public String toString() {
        return numPages + " pages of " + pageSize + " tokens, step budget " + tokenBudget + " tokens, at most "
                + maxRunning + " requests running, --kv-dtype " + kvDtype + (cudaGraphs == CudaGraphs.ON ? "" : ", --cuda-graphs " + cudaGraphs);
    }

    public SchedulerConfig scheduler() {
        return new SchedulerConfig(tokenBudget, maxRunning);
    }
}
