package dev.graft.engine.cuda;

import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.ExpectedFile;
import dev.graft.engine.run.GraphRewriter;
import dev.graft.engine.run.ModelFiles;
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
 * path) and a synth Llama, in fp32 (relative error under 1e-4) and bf16 (under 3e-2), each
 * also checked to run with no node falling back to the CPU.
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
        return checks;
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
                return new GpuChecks.Result("", worst < F32_TOLERANCE, worst, F32_TOLERANCE,
                        String.format("replay 1 %.1e, replay on new ids %.1e", err1, err2));
            }
        }
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

    /** Relative error of every output (worst), and the fallback list, which must be empty. */
    static GpuChecks.Result compare(Graph graph, Map<String, Tensor> inputs, DeviceType type) {
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
        double tol = type == DeviceType.F32 ? F32_TOLERANCE : BF16_TOLERANCE;
        List<String> fallbacks = executor.fallbacks();
        return new GpuChecks.Result("", worst < tol && fallbacks.isEmpty(), worst, tol,
                fallbacks.isEmpty() ? "no fallbacks" : fallbacks.size() + " fallback(s): " + fallbacks);
    }

    /** ||got - want|| / ||want|| over floating outputs; integer outputs must match exactly. */
    static double relativeError(Tensor want, Tensor got) {
        if (got == null || !java.util.Arrays.equals(want.shape(), got.shape())) {
            return Double.POSITIVE_INFINITY;
        }
        if (!want.dtype().isFloating()) {
            return java.util.Arrays.equals(want.longs(), got.longs()) ? 0 : Double.POSITIVE_INFINITY;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.size(); i++) {
            double d = (double) got.floats()[i] - want.floats()[i];
            num += d * d;
            den += (double) want.floats()[i] * want.floats()[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-30));
    }
}
