package dev.graft.serve.cli;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.serve.CacheConfig;
import dev.graft.serve.CudaGraphs;
import dev.graft.serve.ServingModel;
import picocli.CommandLine.Option;

/** The rules, backend, cache and scheduler options generate and serve-bench share, and the fused model they make. */
public final class ServingOptions {

    @Option(names = "--rules", defaultValue = "std", paramLabel = "FILE_OR_DIR",
            description = "rewrite rules applied before the serving rule (default: ${DEFAULT-VALUE})")
    String rules;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "NAME", description = "where to run (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--pages", defaultValue = "256", paramLabel = "N", description = "pages in the KV cache (default: ${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--page-size", defaultValue = "16", paramLabel = "TOKENS", description = "tokens per page (default: ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--token-budget", defaultValue = "256", paramLabel = "TOKENS",
            description = "most tokens one step feeds, prefill chunks and decode tokens together (default: ${DEFAULT-VALUE})")
    int tokenBudget;

    @Option(names = "--max-running", defaultValue = "32", paramLabel = "N",
            description = "most requests batched at once (default: ${DEFAULT-VALUE})")
    int maxRunning;

    @Option(names = "--kv-dtype", defaultValue = "f32", paramLabel = "TYPE",
            description = "KV cache storage: f32 (exact), or bf16 / fp16 in the attention library's cache, attended by its"
                    + " plan/run scheduler (head dims 16, 32, 64, 128, 256) (default: ${DEFAULT-VALUE})")
    String kvDtype;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "serve a baseline instead of the fused model: unfused-contiguous (the original graph's ops,"
                    + " attention as MatMul, Softmax, MatMul over a contiguous KV buffer per request) or full-recompute"
                    + " (the original graph over the whole sequence at every step, no cache)")
    String baseline;

    @Option(names = "--cuda-graphs", defaultValue = "on", paramLabel = "on|decode|off",
            description = "on the device-resident CUDA backend, capture steps as CUDA graphs and replay them: decode"
                    + " steps, and with on also prefill or mixed step shapes that repeat (default: ${DEFAULT-VALUE})")
    String cudaGraphs;

    CacheConfig cache() {
        return new CacheConfig(pages, pageSize, tokenBudget, maxRunning, kvDtype, CudaGraphs.parse(cudaGraphs));
    }

    /** {@code original} served as asked: fused, or the --baseline named. */
    ServingModel model(Graph original, Backend backend) {
        if (baseline == null) {
            return fused(original, backend);
        }
        return switch (baseline) {
            case "unfused-contiguous" -> ServingModel.contiguous(original, ServingRules.attentionOnly(original).graph(),
                    backend, cache());
            case "full-recompute" -> ServingModel.unfused(original, backend, cache());
            default -> throw new UserError("--baseline: '" + baseline + "' is not unfused-contiguous or full-recompute");
        };
    }

    /** {@code original} served fused: rewritten by {@code --rules}, then by the serving rule, on this cache. */
    private ServingModel fused(Graph original, Backend backend) {
        return ServingModel.of(original, ServingRules.apply(original, rules).graph(), backend, cache());
    }
}
