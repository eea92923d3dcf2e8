package dev.graft.serve.cli;

import dev.graft.serve.CacheConfig;
import picocli.CommandLine.Option;

/** The cache and scheduler options generate and serve-bench share. */
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

    CacheConfig cache() {
        return new CacheConfig(pages, pageSize, tokenBudget, maxRunning);
    }
}
