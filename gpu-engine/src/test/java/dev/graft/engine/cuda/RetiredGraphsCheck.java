package dev.graft.engine.cuda;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.CacheConfig;
import dev.graft.serve.Chunk;
import dev.graft.serve.KvStore;
import dev.graft.serve.PagedAttention;
import dev.graft.serve.PagedStep;
import dev.graft.serve.Step;
import dev.graft.serve.device.DeviceKvStore;
import dev.graft.serve.device.DeviceSteps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
    private static final int HEADS = 2;
    private static final int HEAD_DIM = 64;
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
        Graph decoder = decoder();
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
        try (DeviceSteps steps = new DeviceSteps(executor, cuda.runtime(), device, "logits", true)) {
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

    /**
     * Embedding, split into heads, PagedAttention with the heads as q, k and v, merged back,
     * the sampled rows picked and projected to logits: a serving graph's shape with one layer.
     */
    private static Graph decoder() {
        Graph g = new Graph("one-layer decoder");
        int width = HEADS * HEAD_DIM;
        Random random = new Random(5);
        Value ids = g.addInput("input_ids", TensorType.of(DType.INT64, Dim.of(1), Dim.symbol("seq")));
        Value rows = g.addInput("sampled_rows", TensorType.of(DType.INT64, Dim.symbol("sampled")));
        Value embedding = g.addInitializer("embedding", Tensor.ofFloats(new int[] {VOCAB, width},
                gaussians(random, VOCAB * width)));
        Value lmHead = g.addInitializer("lm_head", Tensor.ofFloats(new int[] {width, VOCAB},
                gaussians(random, width * VOCAB)));
        Attributes toHeads = Attributes.NONE.with("perm", new Attribute.Ints(new long[] {0, 2, 1, 3}));
        Value x = g.addNode("Gather", Attributes.NONE, embedding, ids).output(0);
        Value split = g.addNode("Reshape", Attributes.NONE, x, g.addInitializer("heads",
                Tensor.ofLongs(new int[] {4}, 1, -1, HEADS, HEAD_DIM))).output(0);
        Value q = g.addNode("Transpose", toHeads, split).output(0);
        Attributes heads = Attributes.NONE.with("scale", new Attribute.Float(0.125f))
                .with("q_heads", new Attribute.Int(HEADS)).with("kv_heads", new Attribute.Int(HEADS))
                .with("head_dim", new Attribute.Int(HEAD_DIM));
        Value attended = g.addNode(PagedAttention.NAME, heads, q, q, q).output(0);
        Value merged = g.addNode("Reshape", Attributes.NONE, g.addNode("Transpose", toHeads, attended).output(0),
                g.addInitializer("merged", Tensor.ofLongs(new int[] {3}, 1, -1, width))).output(0);
        Value picked = g.addNode("Gather", Attributes.NONE.with("axis", new Attribute.Int(1)), merged, rows).output(0);
        g.addOutput(g.addNode(null, "", "MatMul", Attributes.NONE, List.of(picked, lmHead), List.of("logits"))
                .output(0));
        TypeInference.run(g);
        return g;
    }

    private static float[] gaussians(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
