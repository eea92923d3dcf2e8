package dev.graft.engine.cuda;

import dev.graft.attention.KvDType;
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
import dev.graft.serve.GenerationRequest;
import dev.graft.serve.KvStore;
import dev.graft.serve.PageAllocator;
import dev.graft.serve.PagedAttention;
import dev.graft.serve.PagedStep;
import dev.graft.serve.Scheduler;
import dev.graft.serve.SchedulerConfig;
import dev.graft.serve.Step;
import dev.graft.serve.device.DeviceKvStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * PagedAttention nodes on the device-resident backend, the serving path (the store's
 * launches over the graph's device tensors), against the attention library's CPU executor
 * with the same random q, k and v: a whole scheduled generation of two layers, a long
 * prompt prefilled in chunks mixed with decode tokens, so that plans split the KV and the
 * merge writes rows too. On {@code cuda:bf16} with a bf16 cache the kernels read and write
 * the graph's tensors in place; on fp32 the values go through the library's token-major
 * fp16 copies. The graph's tensors are head-major {@code (1, heads, T, d)} or, with {@code
 * tokenMajor}, {@code (1, T, heads, d)} (token_major=1). Every step's output is compared.
 */
final class PagedLaunchesCheck {
    private static final int PAGES = 64;
    private static final int PAGE_SIZE = 16;
    private static final int[] PROMPTS = {700, 13, 1, 37, 5};
    private static final String[] LAYERS = {"layer0", "layer1"};

    private PagedLaunchesCheck() {
    }

    /** {@code floating}: the graph's storage, BF16 (in place, bf16 cache) or F32 (copies, fp16 cache). */
    static GpuChecks.Result run(DeviceType floating, KvStore.AttentionHeads heads, boolean tokenMajor) {
        boolean bf16 = floating == DeviceType.BF16;
        KvDType cacheType = bf16 ? KvDType.BF16 : KvDType.FP16;
        CudaBackend cuda = new CudaBackend(floating);
        Graph graph = layers(heads, tokenMajor);
        KvStore gpu = KvStore.create(new CacheConfig(PAGES, PAGE_SIZE, 256, PROMPTS.length, bf16 ? "bf16" : "f32"),
                cuda, graph);
        KvStore cpu = KvStore.create(cacheType.shortName(), PAGES, PAGE_SIZE);
        Scheduler scheduler = new Scheduler(new PageAllocator(PAGES, PAGE_SIZE), new SchedulerConfig(256,
                PROMPTS.length));
        for (int id = 0; id < PROMPTS.length; id++) {
            scheduler.submit(new GenerationRequest(id, new int[PROMPTS[id]], 6));
        }
        Random random = new Random(29);
        double worst = 0;
        int steps = 0;
        try (DeviceExecutor executor = cuda.prepareOnDevice(graph)) {
            for (Optional<Step> s = scheduler.next(); s.isPresent(); s = scheduler.next(), steps++) {
                Step step = s.get();
                PagedStep onGpu = PagedStep.of(gpu, step);
                PagedStep onCpu = PagedStep.of(cpu, step);
                int tokens = step.totalTokens();
                Map<String, float[]> headMajor = new HashMap<>();
                Map<String, Tensor> inputs = new HashMap<>();
                for (String layer : LAYERS) {
                    for (String x : new String[] {".q", ".k", ".v"}) {
                        int count = x.equals(".q") ? heads.qHeads() : heads.kvHeads();
                        float[] values = randoms(random, count * tokens * heads.headDim(), cacheType);
                        headMajor.put(layer + x, values);
                        inputs.put(layer + x, tokenMajor
                                ? Tensor.ofFloats(new int[] {1, tokens, count, heads.headDim()},
                                        swapAxes(values, count, tokens, heads.headDim()))
                                : Tensor.ofFloats(new int[] {1, count, tokens, heads.headDim()}, values));
                    }
                }
                ((DeviceKvStore) gpu).prepare(onGpu);
                Map<String, Tensor> got = ScopedValue.where(PagedStep.CURRENT, onGpu).call(() -> executor.run(inputs));
                for (String layer : LAYERS) {
                    float[] want = cpu.appendAndAttend(layer, heads, onCpu, headMajor.get(layer + ".q"),
                            headMajor.get(layer + ".k"), headMajor.get(layer + ".v"));
                    float[] out = got.get(layer + ".o").floats();
                    worst = Math.max(worst, EngineChecks.relativeError(tokenMajor
                            ? swapAxes(out, tokens, heads.qHeads(), heads.headDim()) : out, want));
                }
                scheduler.complete(step, new int[step.samplingChunks()]);
            }
        }
        double tolerance = GpuChecks.tolerance(cacheType);
        return new GpuChecks.Result("", worst <= tolerance && steps > 5, worst, tolerance,
                steps + " steps, worst step's relative error");
    }

    /** Two PagedAttention nodes named as the layers, each on inputs of its own, outputs {@code layer.o}. */
    private static Graph layers(KvStore.AttentionHeads heads, boolean tokenMajor) {
        Graph g = new Graph("two attention layers");
        Attributes attributes = Attributes.NONE.with("scale", new Attribute.Float(heads.scale()))
                .with("q_heads", new Attribute.Int(heads.qHeads())).with("kv_heads", new Attribute.Int(heads.kvHeads()))
                .with("head_dim", new Attribute.Int(heads.headDim())).with("token_major", new Attribute.Int(tokenMajor
                        ? 1 : 0));
        for (String layer : LAYERS) {
            Value q = g.addInput(layer + ".q", type(heads.qHeads(), heads.headDim(), tokenMajor));
            Value k = g.addInput(layer + ".k", type(heads.kvHeads(), heads.headDim(), tokenMajor));
            Value v = g.addInput(layer + ".v", type(heads.kvHeads(), heads.headDim(), tokenMajor));
            g.addOutput(g.addNode(layer, "", PagedAttention.NAME, attributes, List.of(q, k, v), List.of(layer + ".o"))
                    .output(0));
        }
        TypeInference.run(g);
        return g;
    }

    private static TensorType type(int heads, int headDim, boolean tokenMajor) {
        Dim tokens = Dim.symbol("tokens");
        return tokenMajor ? TensorType.of(DType.FLOAT32, Dim.of(1), tokens, Dim.of(heads), Dim.of(headDim))
                : TensorType.of(DType.FLOAT32, Dim.of(1), Dim.of(heads), tokens, Dim.of(headDim));
    }

    /** Gaussians, rounded to the cache's dtype as both sides store them. */
    private static float[] randoms(Random random, int n, KvDType rounding) {
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rounding.decode(rounding.encode((float) random.nextGaussian()));
        }
        return x;
    }

    /** {@code (1, a, b, d)} to {@code (1, b, a, d)}. */
    private static float[] swapAxes(float[] x, int a, int b, int d) {
        float[] out = new float[x.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(x, (i * b + j) * d, out, (j * a + i) * d, d);
            }
        }
        return out;
    }
}
