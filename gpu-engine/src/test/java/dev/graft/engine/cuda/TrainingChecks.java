package dev.graft.engine.cuda;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.ops.grad.GatherGrad;
import dev.graft.engine.ops.grad.ReluGrad;
import dev.graft.engine.ops.grad.SliceGrad;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Training's device ops (TrainingDeviceOps) against their CPU ops on random inputs, in fp32
 * and bf16 storage: GatherGrad with repeated and negative indices along a leading, a middle
 * and a negative axis; SliceGrad with negative steps, clamped bounds and negative axes;
 * SoftmaxCrossEntropy with large logits; ReluGrad. Each must also run with no fallback.
 * Then every pass of a synth decoder pipeline step, and of a synth MLP step (Relu, the
 * loss), as a CUDA worker prepares them (forward and both backward halves), on the device
 * executor against the CPU's values, with no node falling back. bf16 inputs of the single
 * ops are exact in bf16, so their error is the kernels' and the output's rounding.
 */
final class TrainingChecks {
    private static final double F32_TOLERANCE = 1e-5;
    /** One bf16 rounding of each output (2^-8 relative at most), with room. */
    private static final double BF16_TOLERANCE = 1e-2;
    /** Whole passes: fp32 kernels in another order, and attention through the library in fp16. */
    private static final double F32_PASS_TOLERANCE = 2e-3;
    /** Whole passes with every intermediate value stored in bf16. */
    private static final double BF16_PASS_TOLERANCE = 5e-2;

    List<GpuChecks.Check> all() {
        List<GpuChecks.Check> checks = new ArrayList<>();
        for (DeviceType type : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
            String on = " on cuda:" + type.name().toLowerCase(java.util.Locale.ROOT);
            checks.add(new GpuChecks.Check("training GatherGrad axis 0 (50, 24), 300 repeated indices" + on
                    + " vs cpu op", () -> gatherGrad(type, new int[] {50, 24}, 0, 300)));
            checks.add(new GpuChecks.Check("training GatherGrad axis 1 (3, 7, 5), 40 repeated indices" + on
                    + " vs cpu op", () -> gatherGrad(type, new int[] {3, 7, 5}, 1, 40)));
            checks.add(new GpuChecks.Check("training GatherGrad axis -1 (4, 6, 9), 33 repeated indices" + on
                    + " vs cpu op", () -> gatherGrad(type, new int[] {4, 6, 9}, -1, 33)));
            checks.add(new GpuChecks.Check("training SliceGrad negative steps, clamped ends (9, 10, 12)" + on
                    + " vs cpu op", () -> sliceGrad(type, new int[] {9, 10, 12}, new long[] {-1, 100, 1},
                    new long[] {-100, 2, 11}, new long[] {0, -2, 2}, new long[] {-2, -3, 1})));
            checks.add(new GpuChecks.Check("training SliceGrad first axes, no steps (9, 10, 12)" + on + " vs cpu op",
                    () -> sliceGrad(type, new int[] {9, 10, 12}, new long[] {2, -8}, new long[] {7, 1000}, null, null)));
            checks.add(new GpuChecks.Check("training SoftmaxCrossEntropy (4, 33, 1000) large logits" + on
                    + " vs cpu op", () -> crossEntropy(type, new int[] {4, 33, 1000}, 32f)));
            checks.add(new GpuChecks.Check("training SoftmaxCrossEntropy (7, 5) small rows" + on + " vs cpu op",
                    () -> crossEntropy(type, new int[] {7, 5}, 1f)));
            checks.add(new GpuChecks.Check("training ReluGrad (3, 17, 65)" + on + " vs cpu op", () -> reluGrad(type)));
            for (boolean fused : new boolean[] {false, true}) {
                checks.add(new GpuChecks.Check("training synth decoder pipeline step passes" + (fused
                        ? " (FusedAttention)" : "") + on + " vs cpu, no fallbacks",
                        () -> passes(RecordedPasses.syntheticDecoderStep(fused), type)));
            }
            checks.add(new GpuChecks.Check("training synth mlp pipeline step passes" + on + " vs cpu, no fallbacks",
                    () -> passes(RecordedPasses.syntheticMlpStep(), type)));
        }
        return checks;
    }

    private static GpuChecks.Result gatherGrad(DeviceType type, int[] shape, int axis, int count) {
        Random random = new Random(shape.length * 100 + count);
        int a = axis < 0 ? axis + shape.length : axis;
        long[] indices = new long[count];
        for (int j = 0; j < count; j++) {
            // a few rows, so that most repeat; negative ones count from the end
            indices[j] = random.nextInt(2 * Math.min(shape[a], 6)) - Math.min(shape[a], 6);
        }
        int[] dyShape = shape.clone();
        dyShape[a] = count;
        Tensor dy = random(random, type, dyShape);
        Tensor ix = Tensor.ofLongs(new int[] {count}, indices);
        Graph g = graph(GatherGrad.NAME, Attributes.NONE.with("axis", new Attribute.Int(axis)), List.of(dy, ix),
                List.of(longs(shape)));
        return EngineChecks.compare(g, Map.of("in0", dy, "in1", ix), type, tolerance(type));
    }

    private static GpuChecks.Result sliceGrad(DeviceType type, int[] shape, long[] starts, long[] ends, long[] axes,
                                              long[] steps) {
        int[] dyShape = dev.graft.engine.ops.standard.Slice.view(shape, starts, ends, axes, steps).shape();
        Tensor dy = random(new Random(Arrays.hashCode(dyShape)), type, dyShape);
        List<Tensor> constants = new ArrayList<>(List.of(longs(shape), longs(starts), longs(ends)));
        if (axes != null) {
            constants.add(longs(axes));
            constants.add(longs(steps));
        }
        Graph g = graph(SliceGrad.NAME, Attributes.NONE, List.of(dy), constants);
        return EngineChecks.compare(g, Map.of("in0", dy), type, tolerance(type));
    }

    private static GpuChecks.Result crossEntropy(DeviceType type, int[] shape, float scale) {
        Random random = new Random(shape.length * 7 + shape[shape.length - 1]);
        Tensor z = random(random, type, shape);
        float[] scaled = z.floats().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= scale;
        }
        // a power-of-two scale keeps bf16-exact values exact
        Tensor logits = Tensor.ofFloats(DType.FLOAT32, shape, scaled);
        int classes = shape[shape.length - 1];
        long[] labels = random.longs(logits.size() / classes, 0, classes).toArray();
        int[] labelShape = Arrays.copyOf(shape, shape.length - 1);
        Tensor y = Tensor.ofLongs(labelShape, labels);
        Graph g = graph(SoftmaxCrossEntropy.NAME, Attributes.NONE, List.of(logits, y), List.of());
        return EngineChecks.compare(g, Map.of("in0", logits, "in1", y), type, tolerance(type));
    }

    private static GpuChecks.Result reluGrad(DeviceType type) {
        Random random = new Random(17);
        Tensor dy = random(random, type, new int[] {3, 17, 65});
        Tensor x = random(random, type, new int[] {3, 17, 65});
        Graph g = graph(ReluGrad.NAME, Attributes.NONE, List.of(dy, x), List.of());
        return EngineChecks.compare(g, Map.of("in0", dy, "in1", x), type, tolerance(type));
    }

    /** Every recorded pass prepared as a CUDA worker prepares it, run, and compared with the CPU's outputs. */
    private static GpuChecks.Result passes(List<RecordedPasses.Pass> passes, DeviceType type) {
        CudaBackend backend = new CudaBackend(type);
        double worst = 0;
        String worstAt = "";
        Set<String> fallbacks = new LinkedHashSet<>();
        for (RecordedPasses.Pass pass : passes) {
            Map<String, Tensor> got;
            try (DeviceExecutor executor = backend.prepareOnDevice(pass.graph())) {
                got = executor.run(pass.inputs());
                fallbacks.addAll(executor.fallbacks());
            }
            for (var e : pass.outputs().entrySet()) {
                double err = EngineChecks.relativeError(e.getValue(), got.get(e.getKey()));
                if (err > worst) {
                    worst = err;
                    worstAt = e.getKey();
                }
            }
        }
        double tol = type == DeviceType.F32 ? F32_PASS_TOLERANCE : BF16_PASS_TOLERANCE;
        return new GpuChecks.Result("", worst < tol && fallbacks.isEmpty(), worst, tol, passes.size() + " passes, "
                + (fallbacks.isEmpty() ? "no fallbacks" : fallbacks.size() + " fallback(s): " + fallbacks)
                + (worstAt.isEmpty() ? "" : ", worst '" + worstAt + "'"));
    }

    /**
     * One node of graft.train::{@code op} over graph inputs in0.. ({@code inputs}: floating
     * data, integer indices or labels, read per run) then initializers ({@code constants}:
     * shapes and bounds), typed.
     */
    private static Graph graph(String op, Attributes attributes, List<Tensor> inputs, List<Tensor> constants) {
        Graph g = new Graph(op);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            values.add(g.addInput("in" + i, new TensorType(t.dtype(), Shape.of(t.shape()))));
        }
        for (int i = 0; i < constants.size(); i++) {
            values.add(g.addInitializer("c" + i, constants.get(i)));
        }
        Node n = g.addNode("node", SoftmaxCrossEntropy.DOMAIN, op, attributes, values, List.of("out"));
        g.addOutput(n.output(0));
        TypeInference.run(g);
        return g;
    }

    /** Gaussian values, exact in bf16 when the device stores bf16, as an fp32 tensor. */
    private static Tensor random(Random random, DeviceType type, int[] shape) {
        DType exact = type == DeviceType.BF16 ? DType.BFLOAT16 : DType.FLOAT32;
        return Tensor.ofFloats(DType.FLOAT32, shape, new AttentionGraphs(random).random(exact, shape).floats());
    }

    private static Tensor longs(int[] values) {
        return longs(Arrays.stream(values).asLongStream().toArray());
    }

    private static Tensor longs(long[] values) {
        return Tensor.ofLongs(new int[] {values.length}, values);
    }

    private static double tolerance(DeviceType type) {
        return type == DeviceType.F32 ? F32_TOLERANCE : BF16_TOLERANCE;
    }
}
