package dev.graft.serve.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.serve.ModelArgument;
import dev.graft.serve.ServingEngine;
import dev.graft.serve.ServingModel;
import dev.graft.serve.bench.BenchRunner;
import dev.graft.serve.bench.BenchTrace;
import dev.graft.serve.bench.LatencySummary;
import dev.graft.serve.bench.LengthDistribution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft serve-bench}: a request trace through the in-process engine, with latency percentiles. */
@Command(name = "serve-bench", mixinStandardHelpOptions = true,
        description = {"Serves a seeded trace of requests (Poisson arrivals at --rate, lengths from --lengths)",
            "with continuous batching over the paged KV cache and reports time to first token and",
            "inter-token latency (p50, p99) and output tokens per second. MODEL is a file or a synth spec.",
            "Untimed warm-up passes of the same trace run first (--warmup), all but the last with decode",
            "steps uncaptured, so that the JIT has compiled the path prefill steps take."})
public final class ServeBenchCommand implements GraftCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL|SYNTH-SPEC")
    String model;

    @Option(names = "--requests", defaultValue = "32", paramLabel = "N")
    int requests;

    @Option(names = "--rate", defaultValue = "Infinity", paramLabel = "R",
            description = "arrivals per second, Poisson (default: all at once)")
    double rate;

    @Option(names = "--lengths", defaultValue = "sharegpt-like", paramLabel = "DIST",
            description = "sharegpt-like or uniform:A-B, for prompt and output lengths (default: ${DEFAULT-VALUE})")
    String lengths;

    @Option(names = "--max-len", defaultValue = "64", paramLabel = "TOKENS",
            description = "cap of sharegpt-like prompt and output lengths (default: ${DEFAULT-VALUE})")
    int maxLen;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S")
    long seed;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "PASSES", description = "untimed passes first; all but the last run every step node by node (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON here")
    Path json;

    @Option(names = "--profile-steps", description = {"on the device-resident CUDA backend, time the timed pass's",
        "node-by-node prefill and mixed steps op by op (the GPU held until each is queued, so their latencies",
        "count the hold) and report where their GPU time went"})
    boolean profileSteps;

    @Mixin
    ServingOptions serving;

    @Override
    public Integer call() throws InterruptedException {
        if (requests < 1 || !(rate > 0)) {
            throw new UserError("--requests must be at least 1 and --rate positive, got " + requests + " and " + rate);
        }
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = Backends.named(serving.backend);
        long start = System.nanoTime();
        Graph original = ModelArgument.load(model);
        long loaded = System.nanoTime();
        ServingModel served = serving.model(original, backend);
        BenchTrace trace = BenchTrace.generate(requests, rate, LengthDistribution.parse(lengths, maxLen), served.vocab(), seed);
        out.println("model: " + model + ", " + served.runner().describe() + " on " + backend.name());
        if (served.note() != null) {
            out.println("note: " + served.note());
        }
        out.printf("trace: %d requests, rate %s/s, lengths %s, seed %d%ncache: %s%n", requests, rate, lengths, seed,
                serving.cache());
        out.printf("model loaded or built in %.1f s, rewritten and prepared on %s in %.1f s%n", (loaded - start) / 1e9,
                backend.name(), (System.nanoTime() - loaded) / 1e9);
        for (int i = 0; i < warmup; i++) {
            // All passes but the last run node by node: prefill steps are never captured, and
            // without these their host path would meet the timed pass barely compiled by the JIT.
            served.runner().pauseCapture(i < warmup - 1);
            BenchRunner.replay(served.engine(System::nanoTime), trace, System.nanoTime());
        }
        served.runner().pauseCapture(false);
        served.runner().profileSteps(profileSteps);
        String warmed = warmup > 0 ? served.runner().report() : "";
        if (!warmed.isEmpty()) {
            out.println("warm-up, steps on the device: " + warmed);
        }
        ServingEngine engine = served.engine(System::nanoTime);
        double seconds = BenchRunner.replay(engine, trace, System.nanoTime());
        LatencySummary summary = LatencySummary.of(engine.traces().values(), seconds);
        out.print(summary.format());
        out.printf("steps: %d%n", engine.steps());
        String report = served.runner().report();
        if (!report.isEmpty()) {
            out.println("timed pass, steps on the device: " + report);
        }
        if (json != null) {
            writeJson(served.runner().describe() + " on " + backend.name(), summary, report);
        }
        out.flush();
        return 0;
    }

    private void writeJson(String system, LatencySummary summary, String stepsReport) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("system", system);
        figures.put("model", model);
        figures.put("requests", requests);
        figures.put("lengths", lengths);
        figures.put("ttft_p50", summary.ttftP50());
        figures.put("ttft_p99", summary.ttftP99());
        figures.put("itl_p50", summary.itlP50());
        figures.put("itl_p99", summary.itlP99());
        figures.put("tokens_per_s", summary.tokensPerSecond());
        figures.put("steps_on_device", stepsReport);
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
        } catch (IOException e) {
            throw new UserError(json + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
