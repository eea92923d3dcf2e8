package dev.graft.engine.cuda;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.CacheConfig;
import dev.graft.serve.Chunk;
import dev.graft.serve.CudaGraphs;
import dev.graft.serve.KvStore;
import dev.graft.serve.PagedStep;
import dev.graft.serve.Step;
import dev.graft.serve.device.DeviceKvStore;
import dev.graft.serve.device.DeviceSteps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prefill steps captured as CUDA graphs and replayed with other prompts. A decoder of one
 * PagedAttention layer prefills three requests whose prompt lengths are 61, 30 and 37, then
 * 37, 61, 30, then 30, 37, 61: one step shape (128 tokens, 3 sampled rows), three plans, and
 * new token ids at every pass. Each step runs through steps that capture ({@code
 * --cuda-graphs on}) and through steps that never do, on the same cache. Passes when the
 * shape was captured, replays happened, and every step gave the uncaptured step's tokens.
 */
final class PrefillReplayCheck {
    private static final int VOCAB = 97;
    private static final int PAGE_SIZE = 16;
    private static final int[][] PROMPTS = {{61, 30, 37}, {37, 61, 30}, {30, 37, 61}};
    private static final int PASSES = 3;

    private PrefillReplayCheck() {
    }

    static GpuChecks.Result run() {
        CudaBackend cuda = new CudaBackend(DeviceType.BF16);
        CacheConfig cache = new CacheConfig(64, PAGE_SIZE, 256, 8, "bf16");
        Graph decoder = OneLayerDecoder.graph(VOCAB);
        KvStore store = KvStore.create(cache, cuda, decoder);
        DeviceKvStore device = (DeviceKvStore) store;
        DeviceExecutor executor = cuda.prepareOnDevice(decoder, new DeviceMemoryPool(cuda.runtime().context(),
                Long.MAX_VALUE));
        int differing = 0;
        int steps = 0;
        String report;
        try (DeviceSteps captured = new DeviceSteps(executor, cuda.runtime(), device, "logits", CudaGraphs.ON);
             DeviceSteps uncaptured = new DeviceSteps(executor, cuda.runtime(), device, "logits", CudaGraphs.OFF)) {
            for (int pass = 0; pass < PASSES; pass++) {
                for (int[] lengths : PROMPTS) {
                    Step step = prefill(lengths, pass);
                    Map<String, Tensor> inputs = inputs(step);
                    int[] expected = uncaptured.run(PagedStep.of(store, step), inputs, false);
                    int[] tokens = captured.run(PagedStep.of(store, step), inputs, false);
                    if (!Arrays.equals(expected, tokens)) {
                        differing++;
                    }
                    steps++;
                }
            }
            report = captured.report();
        } finally {
            executor.close();
        }
        boolean passed = differing == 0 && !report.contains(" 0 prefill or mixed step shapes captured")
                && !report.contains(" 0 replays");
        return new GpuChecks.Result("", passed, 0, 0, steps + " prefill steps, " + differing
                + " with other tokens than uncaptured; " + report);
    }

    /** Requests 0, 1, 2 prefilling prompts of these lengths from position 0, each on pages of its own. */
    private static Step prefill(int[] lengths, int pass) {
        List<Chunk> chunks = new ArrayList<>();
        int page = 0;
        for (int r = 0; r < lengths.length; r++) {
            int[] tokens = new int[lengths[r]];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = (31 * r + 7 * i + 13 * pass + 3) % VOCAB;
            }
            int[] pages = new int[(lengths[r] + PAGE_SIZE - 1) / PAGE_SIZE];
            for (int p = 0; p < pages.length; p++) {
                pages[p] = page++;
            }
            chunks.add(new Chunk(r, tokens, 0, true, pages));
        }
        return new Step(chunks);
    }

    private static Map<String, Tensor> inputs(Step step) {
        int[] bounds = step.qoIndptr();
        long[] ids = Arrays.stream(step.tokens()).asLongStream().toArray();
        long[] rows = new long[step.chunks().size()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = bounds[r + 1] - 1;
        }
        return Map.of("input_ids", Tensor.ofLongs(new int[] {1, ids.length}, ids), "sampled_rows",
                Tensor.ofLongs(new int[] {rows.length}, rows));
    }
}
