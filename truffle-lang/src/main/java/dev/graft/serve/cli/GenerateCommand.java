package dev.graft.serve.cli;

import dev.graft.engine.cli.CheckFailed;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.serve.FullRecompute;
import dev.graft.serve.GenerationRequest;
import dev.graft.serve.ModelArgument;
import dev.graft.serve.RequestRefusedException;
import dev.graft.serve.RequestTrace;
import dev.graft.serve.ServingEngine;
import dev.graft.serve.ServingModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft generate}: greedy generation through the rewritten graph and the paged KV cache. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Imports a decoder, rewrites it (--rules, then the serving rule that puts attention on the",
            "paged KV cache), prefills the prompt and decodes greedily; prints the tokens and the timings.",
            "MODEL is a file (.onnx or text format) or a synth spec (llama:layers=2,hidden=64,...).",
            "A model whose attention the rules do not recognise runs unfused, recomputing every step.",
            "--check also runs the original graph with full recomputation and exits 1 if a token differs."})
public final class GenerateCommand implements GraftCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--prompt-ids", paramLabel = "IDS", description = "comma-separated prompt token ids")
    String promptIds;

    @Option(names = "--batch", paramLabel = "FILE",
            description = "JSON array of {\"prompt_ids\": [...], \"max_new_tokens\": n}, served together")
    Path batch;

    @Option(names = "--max-new-tokens", defaultValue = "16", paramLabel = "N")
    int maxNewTokens;

    @Option(names = "--check", description = "compare with full recomputation on the original graph")
    boolean check;

    @Mixin
    ServingOptions serving;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<GenerationRequest> requests = requests();
        Backend backend = Backends.named(serving.backend);
        Graph original = ModelArgument.load(model);
        ServingModel served = serving.model(original, backend);
        out.println("model: " + served.runner().describe() + " on " + backend.name());
        if (served.note() != null) {
            out.println("note: " + served.note());
        }
        long start = System.nanoTime();
        ServingEngine engine = served.engine(System::nanoTime);
        requests.forEach(engine::submit);
        engine.runUntilIdle();
        double seconds = (System.nanoTime() - start) / 1e9;
        int refused = 0;
        int generated = 0;
        for (RequestTrace t : engine.traces().values()) {
            if (t.error() != null) {
                out.println("request " + t.request().id() + ": refused: " + t.error());
                refused++;
                continue;
            }
            generated += t.tokens().length;
            out.println("request " + t.request().id() + ": " + Arrays.toString(t.tokens()));
            long[] gaps = t.interTokenLatencies();
            out.printf("  time to first token %.1f ms, inter-token %.2f ms (mean of %d)%n", t.timeToFirstToken() / 1e6,
                    Arrays.stream(gaps).average().orElse(0) / 1e6, gaps.length);
        }
        out.printf("%d tokens in %.3f s (%.1f tokens/s), %d steps%n", generated, seconds, generated / seconds, engine.steps());
        // report() is a lap: asked twice, the second answer would count nothing.
        String report = served.runner().report();
        if (!report.isEmpty()) {
            out.println("steps on the device: " + report);
        }
        out.flush();
        if (check) {
            check(original, engine, out);
        }
        if (refused > 0) {
            throw new UserError(refused + " of " + requests.size() + " request(s) refused (see above)");
        }
        return 0;
    }

    private List<GenerationRequest> requests() {
        if ((promptIds == null) == (batch == null)) {
            throw new UserError("give either --prompt-ids or --batch");
        }
        if (batch != null) {
            return RequestFiles.readBatch(batch, maxNewTokens);
        }
        try {
            return List.of(new GenerationRequest(0, RequestFiles.parseIds(promptIds, "--prompt-ids"), maxNewTokens));
        } catch (RequestRefusedException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The reference is the original graph on the CPU whatever --backend is, so a GPU run is checked against it. */
    private static void check(Graph original, ServingEngine engine, PrintWriter out) {
        FullRecompute reference = new FullRecompute(original, Backends.named("cpu"));
        for (RequestTrace t : engine.traces().values()) {
            if (t.error() != null) {
                continue;
            }
            int[] expected = reference.generate(t.request().prompt(), t.request().maxNewTokens());
            if (!Arrays.equals(expected, t.tokens())) {
                throw new CheckFailed("request " + t.request().id() + ": full recomputation gives "
                        + Arrays.toString(expected));
            }
        }
        out.println("check: every request's tokens equal full recomputation on the original graph on the CPU");
        out.flush();
    }
}
