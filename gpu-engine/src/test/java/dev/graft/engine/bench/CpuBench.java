package dev.graft.engine.bench;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.cpu.MatMulKernel;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.onnx.OnnxImporter;
import dev.graft.engine.run.ExpectedFile;
import dev.graft.engine.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The CPU executor's speed beside onnxruntime's in one process: MatMul GFLOP/s
 * over a few shapes, and one forward pass of each shared model. Not a test;
 * bench/cpu.sh runs it and bench/cpu.md records its figures. Times are medians
 * of repeated runs after warm-up.
 */
public final class CpuBench {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private CpuBench() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args.length > 0 ? args[0] : "models");
        System.out.printf("threads: %d available processors; Vector API species %s%n",
                Runtime.getRuntime().availableProcessors(), jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        if (args.length > 1 && args[1].equals("models-only")) {
            models(models);
            return;
        }
        System.out.println();
        System.out.println("| MatMul m x k x n | Graft GFLOP/s | onnxruntime GFLOP/s | naive triple loop GFLOP/s |");
        System.out.println("|---|---|---|---|");
        for (int[] s : new int[][] {{64, 64, 64}, {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {8, 64, 512},
            {1, 4096, 4096}}) {
            matMul(s[0], s[1], s[2]);
        }
        models(models);
    }

    private static void models(Path models) throws Exception {
        System.out.println();
        System.out.println("| model (case) | Graft ms | onnxruntime ms |");
        System.out.println("|---|---|---|");
        for (String name : new String[] {"tiny-llama-gqa", "tiny-llama-gqa.dyn", "tiny-gpt2", "tiny-gpt2.dyn"}) {
            model(models, name);
        }
    }

    private static void matMul(int m, int k, int n) throws OrtException {
        Random r = new Random(0);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        double flops = 2.0 * m * k * n;
        double graft = flops / median(() -> MatMulKernel.multiply(a, 0, b, 0, c, 0, m, k, n), flops) / 1e9;
        double naive = flops <= 2.0 * 512 * 512 * 512
                ? flops / median(() -> naive(a, b, c, m, k, n), flops) / 1e9 : Double.NaN;
        byte[] model = matMulModel(m, k, n);
        double ort;
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor ta = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(a), new long[] {m, k});
             OnnxTensor tb = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(b), new long[] {k, n})) {
            Map<String, OnnxTensor> feeds = Map.of("a", ta, "b", tb);
            ort = flops / median(() -> {
                try (OrtSession.Result res = session.run(feeds)) {
                    res.get(0);
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            }, flops) / 1e9;
        }
        System.out.printf("| %d x %d x %d | %.1f | %.1f | %s |%n", m, k, n, graft, ort,
                Double.isNaN(naive) ? "-" : String.format("%.2f", naive));
    }

    private static void model(Path models, String name) throws Exception {
        Path file = models.resolve(name + ".onnx");
        Graph g = OnnxImporter.load(file);
        CpuExecutor executor = new CpuExecutor(g);
        ExpectedFile expected = ExpectedFile.read(models.resolve(name + ".expected.json"));
        try (OrtSession session = ENV.createSession(Files.readAllBytes(file), new OrtSession.SessionOptions())) {
            for (ExpectedFile.Case c : expected.cases()) {
                Tensor ids = c.inputs().get("input_ids");
                double graft = median(() -> executor.run(c.inputs()), 1e7);
                Map<String, OnnxTensor> feeds = new HashMap<>();
                feeds.put("input_ids", OnnxTensor.createTensor(ENV, LongBuffer.wrap(ids.longs()),
                        Arrays.stream(ids.shape()).asLongStream().toArray()));
                double ort = median(() -> {
                    try (OrtSession.Result res = session.run(feeds)) {
                        res.get(0);
                    } catch (OrtException e) {
                        throw new IllegalStateException(e);
                    }
                }, 1e7);
                feeds.values().forEach(OnnxTensor::close);
                System.out.printf("| %s (batch %d x %d tokens) | %.2f | %.2f |%n", name, ids.dim(0), ids.dim(1),
                        graft * 1e3, ort * 1e3);
            }
        }
    }

    /**
     * The median time of one call in seconds; repetitions scale down with the work so each size takes about a second.
     * Warm-up lasts at least two seconds: on a loaded machine a hundred calls can end before the JIT has
     * compiled the Vector API loops, and the figures then time the interpreter.
     */
    private static double median(Runnable work, double flops) {
        int reps = (int) Math.max(5, Math.min(200, 2e9 / flops));
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < Math.max(3, reps / 2) || System.nanoTime() < warmEnd; i++) {
            work.run();
        }
        double[] times = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        return times[reps / 2];
    }

    private static void naive(float[] a, float[] b, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static byte[] matMulModel(int m, int k, int n) {
        GraphProto g = GraphProto.newBuilder().setName("mm")
                .addInput(info("a", m, k)).addInput(info("b", k, n))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("a").addInput("b").addOutput("c"))
                .addOutput(info("c", m, n)).build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(18)).build().toByteArray();
    }

    private static ValueInfoProto info(String name, long rows, long cols) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(rows))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(cols)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }
}
