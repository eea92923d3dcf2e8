package dev.graft.engine.cuda;

import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.run.ExpectedFile;
import dev.graft.engine.run.GraphRewriter;
import dev.graft.engine.run.ModelFiles;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Whole graphs on the device-resident executor against the CPU executor: every shared
 * model (original and rewritten with the std rules, when the rule engine is on the class
 * path) and synth Llamas of head dim 64 and 128, in fp32 and bf16, each also checked to run
 * with no node falling back to the CPU; and single FusedAttention nodes through the library
 * against the CPU op. The bounds follow the way each FusedAttention node runs ({@link
 * #tolerance(Node, DeviceType)}).
 */
final class EngineChecks {
    private static final double F32_TOLERANCE = 1e-4;
    private static final double BF16_TOLERANCE = 3e-2;

    private final Path models;

    EngineChecks(Path models) {
        this.models = models;
    }

    List<GpuChecks.Check> all() {
        List<GpuChecks.Check> checks = new ArrayList<>();
        for (String model : List.of("tiny-llama-gqa", "tiny-llama-gqa.dyn", "tiny-gpt2", "tiny-gpt2.dyn")) {
            Path file = models.resolve(model + ".onnx");
            for (boolean std : new boolean[] {false, true}) {
                for (DeviceType type : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
                    String name = "graph " + model + (std ? " --rules std" : "") + " on cuda:" + label(type) + " vs cpu";
                    checks.add(new GpuChecks.Check(name, () -> modelCase(file, std, type)));
                }
            }
        }
        LlamaSpec llama = new LlamaSpec(2, 256, 4, 2, 512, 1000, 7);
        for (boolean std : new boolean[] {false, true}) {
            for (DeviceType type : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
                String name = "graph synth llama 2x256" + (std ? " --rules std" : "") + " on cuda:" + label(type) + " vs cpu";
                checks.add(new GpuChecks.Check(name, () -> synthCase(llama, std, type)));
            }
        }
        // head dim 128 (4 query heads of 128 over 2 KV heads): the std rules' FusedAttention
        // runs the library's Hopper prefill kernel
        LlamaSpec wide = new LlamaSpec(2, 512, 4, 2, 512, 1000, 7);
        for (DeviceType type : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
            checks.add(new GpuChecks.Check("graph synth llama 2x512 (head dim 128) --rules std on cuda:" + label(type)
                    + " vs cpu", () -> synthCase(wide, true, type)));
        }
        for (int headDim : new int[] {64, 128}) {
            for (DeviceType type : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
                for (boolean causal : new boolean[] {true, false}) {
                    checks.add(new GpuChecks.Check(String.format("FusedAttention d%d %s GQA 8/2 through the library on "
                            + "cuda:%s vs cpu op", headDim, causal ? "causal" : "not causal", label(type)),
                            () -> attentionCase(headDim, causal, type, causal ? 37 : 21, causal ? 37 : 300)));
                }
            }
        }
        checks.add(new GpuChecks.Check("FusedAttention d128 one query over 300 keys (decode kernel) through the library "
                + "on cuda:bf16 vs cpu op", () -> attentionCase(128, true, DeviceType.BF16, 1, 300)));
        for (int maskHeads : new int[] {1, 8}) {
            checks.add(new GpuChecks.Check("FusedAttention d64 causal GQA 8/2 with a " + (maskHeads == 1 ? "shared" : "per-head")
                    + " mask through the library on cuda:f32 vs cpu op", () -> maskedAttentionCase(maskHeads)));
        }
        for (String op : List.of("Gelu", "FusedGelu")) {
            for (String form : List.of("none", "tanh")) {
                checks.add(new GpuChecks.Check("graph " + op + " approximate=" + form + " on cuda:f32 vs cpu", () -> {
                    Tensor x = new AttentionGraphs(new Random(9)).random(dev.graft.engine.tensor.DType.FLOAT32, 3, 7, 65);
                    Graph g = AttentionGraphs.opGraph(op, Map.of("approximate", new dev.graft.engine.graph.Attribute.Str(form)), x);
                    return compare(g, Map.of("in0", x), DeviceType.F32);
                }));
            }
        }
        checks.add(new GpuChecks.Check("graph synth llama 2x256 --rules std captured as a CUDA graph, replayed on new ids",
                () -> captureReplay(llama)));
        checks.add(new GpuChecks.Check("CUDA graph capture refuses a pool allocation by name, then takes eager work",
                EngineChecks::captureRefusesAllocation));
        checks.add(new GpuChecks.Check("CUDA graph capture names a stream wait that it cannot take",
                EngineChecks::captureNamesAWait));
        return checks;
    }

    /**
     * Work that needs a buffer the pool does not have free, captured: the pool refuses it
     * with the allocation's name (the driver would have invalidated the capture and said
     * only that, at its end), and the stream is out of capture for the eager work after.
     */
    private static GpuChecks.Result captureRefusesAllocation() {
        CudaRuntime gpu = new CudaBackend(DeviceType.F32).runtime();
        try (DeviceMemoryPool pool = new DeviceMemoryPool(gpu.context(), Long.MAX_VALUE)) {
            try {
                CudaGraph.capture(gpu.stream(), () -> pool.allocate(1000, "the captured work's scratch")).close();
                return new GpuChecks.Result("", false, 1, 0, "captured an allocation from the driver");
            } catch (CudaException e) {
                boolean named = e.getMessage().startsWith("device allocation during CUDA graph capture: "
                        + "the captured work's scratch needs 1024 bytes");
                return new GpuChecks.Result("", named && eagerRoundTrip(gpu, pool), 0, 0, e.getMessage());
            }
        }
    }

    /**
     * A wait for the capturing stream inside captured work, which capture forbids: the
     * exception names the wait, not the end of the capture. (A synchronous host-to-device
     * copy is no such case: on the H100 driver it runs at once, outside the graph, and the
     * capture stays valid; serving's page-table uploads rely on that.)
     */
    private static GpuChecks.Result captureNamesAWait() {
        CudaRuntime gpu = new CudaBackend(DeviceType.F32).runtime();
        try (DeviceMemoryPool pool = new DeviceMemoryPool(gpu.context(), Long.MAX_VALUE)) {
            try {
                CudaGraph.capture(gpu.stream(), () -> gpu.stream().synchronize()).close();
                return new GpuChecks.Result("", false, 1, 0, "captured a wait for the stream");
            } catch (CudaException e) {
                boolean named = e.getMessage().startsWith("cuStreamSynchronize ")
                        && e.getMessage().contains("CUDA graph capture");
                return new GpuChecks.Result("", named && eagerRoundTrip(gpu, pool), 0, 0, e.getMessage());
            }
        }
    }

    /** Whether a value goes to the device and back unchanged on the runtime's stream. */
    private static boolean eagerRoundTrip(CudaRuntime gpu, DeviceMemoryPool pool) {
        Tensor value = new AttentionGraphs(new Random(3)).random(DType.FLOAT32, 5, 7);
        try (DeviceTensor d = DeviceTransfer.upload(gpu, pool, value, DeviceType.F32, "after capture")) {
            return relativeError(value, DeviceTransfer.download(gpu, d)) == 0;
        }
    }

    /**
     * The capture recipe of docs/ENGINE.md: an executor with a pool of its own, the token
     * ids in a device buffer the caller keeps, one eager run to warm the pool, the kernels
     * and the shape-derived uploads, then {@link DeviceExecutor#execute} captured once and
     * replayed after new ids are written into that buffer. Both replays must match the CPU.
     */
    private static GpuChecks.Result captureReplay(LlamaSpec spec) {
        Graph graph = LlamaGraph.build(spec);
        GraphRewriter.find().rewrite(graph, "std");
        CudaBackend backend = new CudaBackend(DeviceType.F32);
        CudaRuntime gpu = backend.runtime();
        Tensor first = ids(spec, 11);
        Tensor second = ids(spec, 12);
        var cpu = new CpuBackend().prepare(graph);
        String out = graph.outputs().getFirst().name();
        Tensor want1 = cpu.run(Map.of("input_ids", first)).get(out);
        Tensor want2 = cpu.run(Map.of("input_ids", second)).get(out);
        try (DeviceMemoryPool pool = new DeviceMemoryPool(gpu.context(), Long.MAX_VALUE);
             DeviceExecutor executor = backend.prepareOnDevice(graph, pool);
             DeviceTensor idsOnDevice = DeviceTransfer.upload(gpu, pool, first, DeviceType.F32, "ids")) {
            if (!executor.perRunUploads().isEmpty()) {
                return new GpuChecks.Result("", false, Double.NaN, 0, "not capturable: " + executor.perRunUploads());
            }
            Map<String, Tensor> host = Map.of("input_ids", first);
            Map<String, DeviceTensor> device = Map.of("input_ids", idsOnDevice);
            executor.execute(host, device).values().forEach(DeviceTensor::close);
            List<Map<String, DeviceTensor>> captured = new ArrayList<>();
            try (CudaGraph step = CudaGraph.capture(gpu.stream(), () -> captured.add(executor.execute(host, device)))) {
                DeviceTensor logits = captured.getFirst().get(out);
                step.launch(gpu.stream());
                double err1 = relativeError(want1, DeviceTransfer.download(gpu, logits));
                DeviceTransfer.write(gpu, idsOnDevice, second);
                step.launch(gpu.stream());
                double err2 = relativeError(want2, DeviceTransfer.download(gpu, logits));
                captured.getFirst().values().forEach(DeviceTensor::close);
                double worst = Math.max(err1, err2);
                double tol = tolerance(graph, DeviceType.F32);
                return new GpuChecks.Result("", worst < tol, worst, tol,
                        String.format("replay 1 %.1e, replay on new ids %.1e", err1, err2));
            }
        }
    }

    /**
     * One FusedAttention node of the synth Llamas' head layout (8 query heads over 2 KV
     * heads), two requests of sq queries over skv keys: causal over 37 tokens; not causal
     * with 21 queries over 300 keys, which the plan splits into chunks that the merge
     * combines; one query (the decode kernel). Inputs are exact in the storage type, so the
     * error is the library's own.
     */
    private static GpuChecks.Result attentionCase(int headDim, boolean causal, DeviceType type, int sq, int skv) {
        AttentionGraphs graphs = new AttentionGraphs(new Random(headDim + (causal ? 1 : 0) + sq));
        DType exact = type == DeviceType.BF16 ? DType.BFLOAT16 : DType.FLOAT32;
        Tensor q = asF32(graphs.random(exact, 2, 8, sq, headDim));
        Tensor k = asF32(graphs.random(exact, 2, 2, skv, headDim));
        Tensor v = asF32(graphs.random(exact, 2, 2, skv, headDim));
        Graph g = AttentionGraphs.attentionGraph(1 / Math.sqrt(headDim), causal, q, k, v);
        return compare(g, Map.of("in0", q, "in1", k, "in2", v), type, tolerance(g.nodes().getFirst(), type));
    }

    /** An additive mask, (2, maskHeads, 19, 150), over a causal node: the library's custom mask and causal rule at once. */
    private static GpuChecks.Result maskedAttentionCase(int maskHeads) {
        AttentionGraphs graphs = new AttentionGraphs(new Random(64 + maskHeads));
        Tensor q = graphs.random(DType.FLOAT32, 2, 8, 19, 64);
        Tensor k = graphs.random(DType.FLOAT32, 2, 2, 150, 64);
        Tensor v = graphs.random(DType.FLOAT32, 2, 2, 150, 64);
        Tensor mask = graphs.random(DType.FLOAT32, 2, maskHeads, 19, 150);
        Graph g = AttentionGraphs.attentionGraph(0.125, true, q, k, v, mask);
        return compare(g, Map.of("in0", q, "in1", k, "in2", v, "in3", mask), DeviceType.F32,
                tolerance(g.nodes().getFirst(), DeviceType.F32));
    }

    private static Tensor asF32(Tensor t) {
        return Tensor.ofFloats(DType.FLOAT32, t.shape(), t.floats());
    }

    private static Tensor ids(LlamaSpec spec, long seed) {
        Random random = new Random(seed);
        long[] ids = new long[2 * 9];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(spec.vocab());
        }
        return Tensor.ofLongs(new int[] {2, 9}, ids);
    }

    private static String label(DeviceType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    private GpuChecks.Result modelCase(Path file, boolean std, DeviceType type) {
        if (!Files.exists(file)) {
            return new GpuChecks.Result("", false, Double.NaN, 0, "missing " + file);
        }
        Graph graph = ModelFiles.load(file);
        if (std) {
            GraphRewriter.find().rewrite(graph, "std");
        }
        ExpectedFile expected = ExpectedFile.read(Path.of(file.toString().replace(".onnx", ".expected.json")));
        return compare(graph, expected.cases().getFirst().inputs(), type);
    }

    private static GpuChecks.Result synthCase(LlamaSpec spec, boolean std, DeviceType type) {
        Graph graph = LlamaGraph.build(spec);
        if (std) {
            GraphRewriter.find().rewrite(graph, "std");
        }
        return compare(graph, Map.of("input_ids", ids(spec, 5)), type);
    }

    /**
     * The bound for a graph whose floating values the device stores as {@code type}: the
     * storage's own (1e-4 for fp32, 3e-2 for bf16), loosened to that of any FusedAttention
     * node in it.
     */
    static double tolerance(Graph graph, DeviceType type) {
        double bound = type == DeviceType.F32 ? F32_TOLERANCE : BF16_TOLERANCE;
        for (Node n : graph.nodes()) {
            if (n.op().equals("FusedAttention")) {
                bound = Math.max(bound, tolerance(n, type));
            }
        }
        return bound;
    }

    /**
     * The bound for one FusedAttention node on inputs exact in the storage {@code type}: where
     * it runs through the attention library ({@link FusedAttentionRoute}), the bound
     * for the library's 16-bit type (2e-3 for fp16, which fp32 storage converts to; 1e-2 for
     * bf16); where it runs the cuBLAS composition, the storage's own.
     */
    static double tolerance(Node attention, DeviceType type) {
        if (FusedAttentionRoute.of(attention).library()) {
            return GpuChecks.tolerance(FusedAttentionRoute.libraryType(type));
        }
        return type == DeviceType.F32 ? F32_TOLERANCE : BF16_TOLERANCE;
    }

    static GpuChecks.Result compare(Graph graph, Map<String, Tensor> inputs, DeviceType type) {
        return compare(graph, inputs, type, tolerance(graph, type));
    }

    /**
     * Relative error of every output (worst) against {@code tol}, and the fallback list, which
     * must be empty; the detail says how each FusedAttention node ran.
     */
    static GpuChecks.Result compare(Graph graph, Map<String, Tensor> inputs, DeviceType type, double tol) {
        Map<String, Tensor> want = new CpuBackend().prepare(graph).run(inputs);
        DeviceExecutor executor = new CudaBackend(type).prepareOnDevice(graph);
        Map<String, Tensor> got;
        try (executor) {
            got = executor.run(inputs);
            got = executor.run(inputs);
        }
        double worst = 0;
        for (var e : want.entrySet()) {
            worst = Math.max(worst, relativeError(e.getValue(), got.get(e.getKey())));
        }
        List<String> fallbacks = executor.fallbacks();
        List<String> attention = FusedAttentionRoute.describe(graph);
        return new GpuChecks.Result("", worst < tol && fallbacks.isEmpty(), worst, tol,
                (fallbacks.isEmpty() ? "no fallbacks" : fallbacks.size() + " fallback(s): " + fallbacks)
                        + (attention.isEmpty() ? "" : "; " + attention.size() + " FusedAttention: "
                        + attention.getFirst().replaceFirst("^node '[^']*' \\(FusedAttention\\): ", "")));
    }

    /** ||got - want|| / ||want|| over floating outputs; integer outputs must match exactly. */
    static double relativeError(Tensor want, Tensor got) {
        if (got == null || !java.util.Arrays.equals(want.shape(), got.shape())) {
            return Double.POSITIVE_INFINITY;
        }
        if (!want.dtype().isFloating()) {
            return java.util.Arrays.equals(want.longs(), got.longs()) ? 0 : Double.POSITIVE_INFINITY;
        }
        return relativeError(got.floats(), want.floats());
    }

    /** ||got - want|| / ||want||. */
    static double relativeError(float[] got, float[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            double d = (double) got[i] - want[i];
            num += d * d;
            den += (double) want[i] * want[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-30));
    }
}
