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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Captured decode steps while the attention workspace keeps moving. A decoder of one
 * PagedAttention layer serves decode steps of B requests of one token each: one work item
 * per request, so each plan needs exactly B items, and B grows past the workspace's room
 * (twice the most items seen) again and again, each time moving it and so retiring every
 * graph captured before; steps of a batch of 8 come in between, so each generation captures
 * two shapes. Passes when the workspace moved once per wide batch, the live graphs never
 * outnumbered those two shapes, every other graph was destroyed on a move, replays
 * happened, and every run of a batch (uncaptured, captured anew or replayed, before or after
 * a move) gave the tokens of its first run.
 */
final class RetiredGraphsCheck {
    private static final int VOCAB = 97;
    /** Each past twice the one before, so each moves the workspace. */
    private static final int[] WIDE = {100, 201, 403, 807, 1615};
    private static final int NARROW = 8;
    private static final int SHAPES_PER_GENERATION = 2;

    private RetiredGraphsCheck() {
    }

    static GpuChecks.Result run() {
        CudaBackend cuda = new CudaBackend(DeviceType.BF16);
        int most = WIDE[WIDE.length - 1];
        CacheConfig cache = new CacheConfig(most, 16, most, most, "bf16");
        Graph decoder = OneLayerDecoder.graph(VOCAB);
        KvStore store = KvStore.create(cache, cuda, decoder);
        DeviceKvStore device = (DeviceKvStore) store;
        DeviceExecutor executor = cuda.prepareOnDevice(decoder, new DeviceMemoryPool(cuda.runtime().context(),
                Long.MAX_VALUE));
        Map<Integer, int[]> firstTokens = new HashMap<>();
        int mostLive = 0;
        int differing = 0;
        int retired;
        int live;
        String report;
        try (DeviceSteps steps = new DeviceSteps(executor, cuda.runtime(), device, "logits", CudaGraphs.ON)) {
            for (int wide : WIDE) {
                for (int batch : new int[] {wide, NARROW, wide, NARROW, wide, NARROW}) {
                    int[] tokens = steps.run(PagedStep.of(store, decodeStep(batch)), inputs(batch), true);
                    if (!Arrays.equals(firstTokens.computeIfAbsent(batch, b -> tokens), tokens)) {
                        differing++;
                    }
                    mostLive = Math.max(mostLive, steps.liveGraphs());
                }
            }
            retired = steps.retiredGraphs();
            live = steps.liveGraphs();
            report = steps.report();
        } finally {
            executor.close();
        }
        int moves = device.addressGeneration();
        boolean passed = moves == WIDE.length && mostLive <= SHAPES_PER_GENERATION && live == SHAPES_PER_GENERATION
                && retired == SHAPES_PER_GENERATION * (moves - 1) && differing == 0 && !report.contains(" 0 replays");
        return new GpuChecks.Result("", passed, 0, 0, moves + " workspace moves, at most " + mostLive
                + " live graphs, " + retired + " destroyed, " + differing + " runs with other tokens; " + report);
    }

    /** Requests 0..batch-1, each feeding its first token into its own page: a decode step of kv length 1. */
    private static Step decodeStep(int batch) {
        List<Chunk> chunks = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
            chunks.add(new Chunk(r, new int[] {token(r)}, 0, true, new int[] {r}));
        }
        return new Step(chunks);
    }

    private static int token(int request) {
        return (7 * request + 3) % VOCAB;
    }

    private static Map<String, Tensor> inputs(int batch) {
        long[] ids = new long[batch];
        long[] rows = new long[batch];
        for (int r = 0; r < batch; r++) {
            ids[r] = token(r);
            rows[r] = r;
        }
        return Map.of("input_ids", Tensor.ofLongs(new int[] {1, batch}, ids), "sampled_rows",
                Tensor.ofLongs(new int[] {batch}, rows));
    }
}
