package dev.graft.engine.cuda;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionInputException;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionPlanner;
import dev.graft.attention.AttentionReference;
import dev.graft.attention.AttentionState;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvAppend;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.MaskMode;
import dev.graft.attention.MergeStates;
import dev.graft.attention.PageTable;
import dev.graft.attention.RandomBatches;
import dev.graft.serve.KvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Every GPU check of the attention library, each comparing the device against the CPU
 * reference on fresh random inputs (never zeros) with the output poisoned before the
 * launch: ||out - ref|| / ||ref|| under 1e-2 for bf16 and 2e-3 for fp16, lse within 5e-2,
 * and rows with no visible key exactly empty. JUnit and the bundle's runner both use it.
 */
final class GpuChecks {
    /** One check's outcome; error is the relative error of o (or 0 for checks of refusal). */
    record Result(String name, boolean passed, double error, double tolerance, String detail) {
    }

    record Check(String name, Supplier<Result> body) {
    }

    private final CudaContext context;
    private final CudaAttention attention;
    private final AttentionKernels kernels;
    private final CudaStream stream;
    /** The library with every prefill on the mma.sync kernel: the Hopper kernel's peer where the CPU is too slow. */
    private final CudaAttention mmaSyncOnly;
    /** Decode shapes measured against the default (bench/attention.md): each keeps its own checks. */
    private static final List<AttentionKernels.DecodeShape> OTHER_DECODE_SHAPES = java.util.stream.Stream.of(
            new AttentionKernels.DecodeShape(4, 2, 4, 1), new AttentionKernels.DecodeShape(8, 2, 4, 2))
            .filter(shape -> !shape.equals(AttentionKernels.DecodeShape.DEFAULT)).toList();
    /** Shapes of the Hopper prefill kernel measured against its default: each keeps its own checks. */
    private static final List<AttentionKernels.HopperShape> OTHER_HOPPER_SHAPES = java.util.stream.Stream.of(
            new AttentionKernels.HopperShape(2, false), new AttentionKernels.HopperShape(2, true),
            new AttentionKernels.HopperShape(3, true))
            .filter(shape -> !shape.equals(AttentionKernels.HopperShape.DEFAULT)).toList();
    private final CudaRuntime gpu;

    GpuChecks(CudaRuntime gpu) {
        this.gpu = gpu;
        this.context = gpu.context();
        this.attention = gpu.attention();
        this.kernels = gpu.kernels();
        this.stream = gpu.stream();
        this.mmaSyncOnly = new CudaAttention(gpu.pool(), new AttentionKernels(gpu.context(), gpu.loader(),
                AttentionKernels::prefillShape, false, AttentionKernels.DecodeShape.DEFAULT, true), gpu.stream());
    }

    static double tolerance(KvDType dtype) {
        return dtype == KvDType.BF16 ? 1e-2 : 2e-3;
    }

    List<Check> all() {
        List<Check> checks = new ArrayList<>();
        Random shapes = new Random(20261126);
        int[][] heads = {{32, 8}, {8, 1}, {6, 2}, {4, 4}};
        int[] pageSizes = {1, 16, 64};
        int[] dims = {64, 128, 256};
        int n = 0;
        for (int pageSize : pageSizes) {
            for (int dim : dims) {
                int[] hk = heads[n % heads.length];
                KvDType dtype = n % 2 == 0 ? KvDType.BF16 : KvDType.FP16;
                HeadConfig hc = new HeadConfig(hk[0], hk[1], dim, dtype);
                long seed = shapes.nextLong();
                checks.add(new Check(String.format("decode p%d d%d %s %d/%d skewed", pageSize, dim, dtype.shortName(),
                        hk[0], hk[1]), () -> decode(seed, hc, pageSize, AttentionVariant.DEFAULT, 7, 300)));
                boolean causal = n % 2 == 0;
                checks.add(new Check(String.format("prefill p%d d%d %s %d/%d %s", pageSize, dim, dtype.shortName(),
                        hk[0], hk[1], causal ? "causal" : "full"),
                        () -> prefill(seed, hc, pageSize, AttentionVariant.DEFAULT.withCausal(causal), 4, 150)));
                n++;
            }
        }
        HeadConfig gqa = new HeadConfig(32, 8, 128, KvDType.BF16);
        HeadConfig gqa16 = new HeadConfig(16, 4, 128, KvDType.FP16);
        List<AttentionVariant> variants = List.of(
                AttentionVariant.DEFAULT.withScale(0.05),
                AttentionVariant.DEFAULT.withSoftCap(5),
                AttentionVariant.DEFAULT.withCausal(true).withWindowLeft(37),
                AttentionVariant.DEFAULT.withAlibi(true),
                AttentionVariant.DEFAULT.withMask(MaskMode.SHARED),
                AttentionVariant.DEFAULT.withMask(MaskMode.PER_HEAD),
                AttentionVariant.DEFAULT.withRope(10000),
                AttentionVariant.DEFAULT.withCausal(true).withSoftCap(30).withAlibi(true).withRope(10000)
                        .withWindowLeft(100).withMask(MaskMode.SHARED));
        for (int i = 0; i < variants.size(); i++) {
            AttentionVariant variant = variants.get(i);
            long seed = shapes.nextLong();
            checks.add(new Check("decode variant " + i + " " + variant.specializationName(),
                    () -> decode(seed, gqa, 16, variant, 5, 200)));
            checks.add(new Check("prefill variant " + i + " " + variant.specializationName() + " fp16",
                    () -> prefill(seed, gqa16, 16, variant.withCausal(true), 3, 140)));
        }
        checks.add(new Check("decode split kv batch 1 x 20000", () -> decodeFixed(11, gqa, 16, new int[] {20000})));
        checks.add(new Check("decode zipf batch 16", () -> decodeFixed(12, gqa, 16, zipf(new Random(12), 16, 3000))));
        checks.add(new Check("decode split kv 2 x (30000, 9001) in chunks of 64: rows of more partial states than a"
                + " merge CTA has threads", () -> decodeInChunks(21, gqa, new int[] {30000, 9001}, 64)));
        for (var shape : OTHER_DECODE_SHAPES) {
            CudaAttention other = new CudaAttention(gpu.pool(), new AttentionKernels(context, gpu.loader(),
                    AttentionKernels::prefillShape, true, shape, true), stream);
            String tag = String.format("decode shape w%d u%d s%d min%d: ", shape.warps(), shape.unroll(),
                    shape.stages(), shape.minCtas());
            checks.add(new Check(tag + "split kv batch 1 x 20000", () -> decodeOn(other, new Random(22), gqa, 16,
                    AttentionVariant.DEFAULT, new int[] {20000})));
            checks.add(new Check(tag + "p1 d256 fp16 6/2 skewed with soft-cap + RoPE", () -> decodeOn(other,
                    new Random(23), new HeadConfig(6, 2, 256, KvDType.FP16), 1,
                    AttentionVariant.DEFAULT.withSoftCap(20).withRope(10000), new int[] {3, 700, 129, 1031})));
        }
        checks.add(new Check("prefill ragged causal d128 bf16", () -> prefillRagged(13, gqa, true)));
        checks.add(new Check("prefill ragged full d64 fp16", () -> prefillRagged(14, new HeadConfig(8, 2, 64,
                KvDType.FP16), false)));
        checks.add(new Check("prefill causal d128 bf16 2 x (700, 433): many KV tiles per CTA",
                () -> prefillFixed(18, gqa, new int[] {700, 433}, new int[] {700, 433})));
        checks.add(new Check("prefill full d128 fp16 paged 2 x (300 q, 1000 kv) soft-cap + ALiBi + window + mask",
                () -> prefillOn(new Random(19), gqa16, RandomBatches.paged(new Random(19), gqa16,
                        new int[] {1000, 517}, 16, 0), AttentionVariant.DEFAULT.withSoftCap(20).withAlibi(true)
                        .withWindowLeft(400).withMask(MaskMode.PER_HEAD), new int[] {300, 129})));
        checks.add(new Check("prefill causal d128 bf16 4 x 2048, 32 heads: default kernel vs mma.sync kernel",
                () -> againstMmaSync(20, new HeadConfig(32, 32, 128, KvDType.BF16), 4, 2048)));
        for (var shape : OTHER_HOPPER_SHAPES) {
            CudaAttention other = new CudaAttention(gpu.pool(), new AttentionKernels(context, gpu.loader(),
                    AttentionKernels::prefillShape, true, shape, AttentionKernels.DecodeShape.DEFAULT, true), stream);
            String tag = String.format("hopper prefill shape stages %d%s: ", shape.stages(),
                    shape.pingPong() ? " pingpong" : "");
            checks.add(new Check(tag + "causal d128 bf16 2 x (700, 433)", () -> {
                Random rng = new Random(24);
                return compareOn(other, RandomBatches.batch(rng, gqa, AttentionVariant.DEFAULT.withCausal(true),
                        new int[] {700, 433}, RandomBatches.paged(rng, gqa, new int[] {700, 433}, 16, 0)));
            }));
            checks.add(new Check(tag + "full d128 fp16 paged 2 x (300 q, 1000 kv) soft-cap + ALiBi + window + mask",
                    () -> {
                        Random rng = new Random(25);
                        return compareOn(other, RandomBatches.batch(rng, gqa16, AttentionVariant.DEFAULT
                                .withSoftCap(20).withAlibi(true).withWindowLeft(400).withMask(MaskMode.PER_HEAD),
                                new int[] {300, 129}, RandomBatches.paged(rng, gqa16, new int[] {1000, 517}, 16, 0)));
                    }));
            // many CTAs, of different lengths
            checks.add(new Check(tag + "causal d128 bf16 4 x 2048, 32 heads vs mma.sync kernel",
                    () -> againstMmaSync(other, 26, new HeadConfig(32, 32, 128, KvDType.BF16), 4, 2048)));
            checks.add(new Check(tag + "paged fp16 16/4 3 x (900 q, 1300 kv) soft-cap + window + mask vs mma.sync",
                    () -> {
                        Random rng = new Random(27);
                        AttentionBatch batch = RandomBatches.batch(rng, gqa16, AttentionVariant.DEFAULT
                                .withSoftCap(20).withWindowLeft(700).withMask(MaskMode.PER_HEAD),
                                new int[] {900, 900, 257}, RandomBatches.paged(rng, gqa16,
                                        new int[] {1300, 901, 1300}, 16, 0));
                        return againstMmaSyncOn(other, batch);
                    }));
        }
        checks.add(new Check("prefill split kv 1 x (70 q, 6000 kv)", () -> prefillFixed(15, gqa16, new int[] {70},
                new int[] {6000})));
        checks.add(new Check("append paged kv p16", () -> append(16, 16)));
        checks.add(new Check("append paged kv p1", () -> append(17, 1)));
        checks.add(new Check("merge states kernel", this::merge));
        smallHeadDims(checks);
        checks.add(new Check("cuda graph decode replay with new data", this::graphReplay));
        checks.add(new Check("FusedAttention node, cuda vs cpu backend, bf16 GQA causal + head mask",
                () -> fusedNode(dev.graft.engine.tensor.DType.BFLOAT16, 2, 8, 2, 37, 100, 128, true, true)));
        checks.add(new Check("FusedAttention node, cuda vs cpu backend, f16 decode shape",
                () -> fusedNode(dev.graft.engine.tensor.DType.FLOAT16, 3, 4, 4, 1, 513, 64, false, false)));
        checks.add(new Check("FusedAttention node, cuda vs cpu backend, f32 d256",
                () -> fusedNode(dev.graft.engine.tensor.DType.FLOAT32, 1, 4, 1, 70, 70, 256, true, false)));
        checks.add(new Check("MatMul node, cuda (cuBLAS) vs cpu, [3,37,65] x [65,129]",
                () -> matMulNode(new int[] {3, 37, 65}, new int[] {65, 129})));
        checks.add(new Check("MatMul node, cuda (cuBLAS) vs cpu, [2,3,17,33] x [2,3,33,9]",
                () -> matMulNode(new int[] {2, 3, 17, 33}, new int[] {2, 3, 33, 9})));
        checks.add(new Check("MatMul node, cuda (cuBLAS) vs cpu, [5] x [7,5,3]",
                () -> matMulNode(new int[] {5}, new int[] {7, 5, 3})));
        checks.add(new Check("MatMul node, cuda vs cpu, mixed broadcast (CPU op)",
                () -> matMulNode(new int[] {2, 1, 4, 8}, new int[] {1, 3, 8, 5})));
        for (String op : new java.util.TreeSet<>(CudaElementwise.UNARY.keySet())) {
            checks.add(new Check(op + " node, cuda vs cpu, [3,5,67]", () -> elementwise(op, new int[] {3, 5, 67}, null)));
        }
        for (String op : new java.util.TreeSet<>(CudaElementwise.BINARY.keySet())) {
            // The fused ops take operands of one shape (docs/OPS.md); the ONNX ones broadcast.
            int[] a = op.startsWith("Fused") ? new int[] {3, 5, 67} : new int[] {3, 1, 67};
            checks.add(new Check(op + " node, cuda vs cpu, " + java.util.Arrays.toString(a) + " with [5,67]",
                    () -> elementwise(op, a, op.startsWith("Fused") ? a : new int[] {5, 67})));
        }
        checks.add(new Check("Where node, cuda vs cpu, host condition [5,1] with [3,5,67] and a scalar",
                () -> opOnBothBackends("Where", java.util.Map.of(), dev.graft.engine.tensor.Tensor.ofLongs(
                        dev.graft.engine.tensor.DType.BOOL, new int[] {5, 1}, 1, 0, 0, 1, 1),
                        new AttentionGraphs(new Random(8)).random(dev.graft.engine.tensor.DType.FLOAT32, 3, 5, 67),
                        dev.graft.engine.tensor.Tensor.ofFloats(new int[] {}, -3f))));
        checks.add(new Check("Pow node, cuda vs cpu, squares by a scalar 2", () -> opOnBothBackends("Pow",
                java.util.Map.of(), new AttentionGraphs(new Random(5)).random(dev.graft.engine.tensor.DType.FLOAT32,
                        4, 33), dev.graft.engine.tensor.Tensor.ofFloats(new int[] {}, 2f))));
        for (String op : new String[] {"Softmax", "LogSoftmax"}) {
            checks.add(new Check(op + " node, cuda vs cpu, last axis of [7,3,1000]", () -> opOnBothBackends(op,
                    java.util.Map.of(), new AttentionGraphs(new Random(6)).random(dev.graft.engine.tensor.DType.FLOAT32,
                            7, 3, 1000))));
        }
        checks.add(new Check("Softmax node, cuda vs cpu, axis 1 (CPU op)", () -> opOnBothBackends("Softmax",
                java.util.Map.of("axis", new dev.graft.engine.graph.Attribute.Int(1)),
                new AttentionGraphs(new Random(7)).random(dev.graft.engine.tensor.DType.FLOAT32, 2, 9, 4))));
        for (String op : new java.util.TreeSet<>(CudaRowNorm.CENTERED.keySet())) {
            boolean bias = CudaRowNorm.CENTERED.get(op);
            checks.add(new Check(op + " node, cuda vs cpu, [4,7,96]" + (bias ? " with bias" : ""), () -> {
                AttentionGraphs in = new AttentionGraphs(new Random(op.hashCode()));
                var x = in.random(dev.graft.engine.tensor.DType.FLOAT32, 4, 7, 96);
                var w = in.random(dev.graft.engine.tensor.DType.FLOAT32, 96);
                var attrs = java.util.Map.<String, dev.graft.engine.graph.Attribute>of("epsilon",
                        new dev.graft.engine.graph.Attribute.Float(1e-6f));
                return bias ? opOnBothBackends(op, attrs, x, w, in.random(dev.graft.engine.tensor.DType.FLOAT32, 96))
                        : opOnBothBackends(op, attrs, x, w);
            }));
        }
        checks.add(new Check("Gather node, cuda vs cpu, axis 0, negative index", () -> opOnBothBackends("Gather",
                java.util.Map.of(), new AttentionGraphs(new Random(8)).random(dev.graft.engine.tensor.DType.FLOAT32,
                        10, 33), dev.graft.engine.tensor.Tensor.ofLongs(new int[] {2, 2}, 3, -1, 0, 9))));
        checks.add(new Check("Gather node, cuda vs cpu, axis 1", () -> opOnBothBackends("Gather",
                java.util.Map.of("axis", new dev.graft.engine.graph.Attribute.Int(1)),
                new AttentionGraphs(new Random(9)).random(dev.graft.engine.tensor.DType.FLOAT32, 2, 5, 7),
                dev.graft.engine.tensor.Tensor.ofLongs(new int[] {3}, 4, 0, 4))));
        checks.add(new Check("FusedRotary node, cuda vs cpu, x [2,4,9,64], cos/sin [1,1,9,64]", () -> {
            AttentionGraphs in = new AttentionGraphs(new Random(11));
            return opOnBothBackends("FusedRotary", java.util.Map.of(),
                    in.random(dev.graft.engine.tensor.DType.FLOAT32, 2, 4, 9, 64),
                    in.random(dev.graft.engine.tensor.DType.FLOAT32, 1, 1, 9, 64),
                    in.random(dev.graft.engine.tensor.DType.FLOAT32, 1, 1, 9, 64));
        }));
        for (DeviceType storage : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
            // token-major RoPE as serving runs it: cos and sin broadcast over the heads axis
            checks.add(new Check("FusedRotary node, cuda " + storage + " vs cpu, x [1,33,4,128], cos/sin [1,33,1,128]",
                    () -> {
                        AttentionGraphs in = new AttentionGraphs(new Random(12));
                        return opOnBothBackends(storage, "FusedRotary", java.util.Map.of(),
                                in.random(dev.graft.engine.tensor.DType.FLOAT32, 1, 33, 4, 128),
                                in.random(dev.graft.engine.tensor.DType.FLOAT32, 1, 33, 1, 128),
                                in.random(dev.graft.engine.tensor.DType.FLOAT32, 1, 33, 1, 128));
                    }));
        }
        for (String op : new String[] {"Add", "FusedSwiGLU"}) {
            checks.add(new Check(op + " node, cuda bf16 vs cpu, [3,5,67] with [3,5,67]", () -> {
                AttentionGraphs in = new AttentionGraphs(new Random(13));
                return opOnBothBackends(DeviceType.BF16, op, java.util.Map.of(),
                        in.random(dev.graft.engine.tensor.DType.FLOAT32, 3, 5, 67),
                        in.random(dev.graft.engine.tensor.DType.FLOAT32, 3, 5, 67));
            }));
        }
        checks.add(new Check("Transpose node, cuda vs cpu, moving an axis of size 1 (a view)", () -> opOnBothBackends(
                "Transpose", java.util.Map.of("perm", new dev.graft.engine.graph.Attribute.Ints(new long[] {0, 2, 1, 3})),
                new AttentionGraphs(new Random(14)).random(dev.graft.engine.tensor.DType.FLOAT32, 1, 1, 9, 64))));
        checks.add(new Check("refuse: Gather index out of range before launch", () -> {
            try {
                opOnBothBackends("Gather", java.util.Map.of(), new AttentionGraphs(new Random(10))
                        .random(dev.graft.engine.tensor.DType.FLOAT32, 4, 3),
                        dev.graft.engine.tensor.Tensor.ofLongs(new int[] {1}, 4));
                return new Result("", false, 1, 0, "accepted index 4 of 4");
            } catch (dev.graft.engine.cli.UserError e) {
                return new Result("", e.getMessage().contains("out of range"), 0, 0, e.getMessage());
            }
        }));
        checks.add(new Check("serving: PagedAttention's GPU cache vs CPU, scheduled mixed steps", PagedStoreCheck::run));
        checks.add(new Check("serving: workspace moves destroy the CUDA graphs they retire, live graphs bounded",
                RetiredGraphsCheck::run));
        checks.add(new Check("serving: prefill steps captured as CUDA graphs, replayed with other prompts",
                PrefillReplayCheck::run));
        for (boolean tokenMajor : new boolean[] {false, true}) {
            String layout = tokenMajor ? "token-major" : "head-major";
            for (int dim : new int[] {64, 128}) {
                checks.add(new Check("serving: PagedAttention on " + layout + " bf16 device tensors, read in place, d"
                        + dim + " vs CPU", () -> PagedLaunchesCheck.run(DeviceType.BF16,
                        new KvStore.AttentionHeads(8, 2, dim, 0.09f), tokenMajor)));
            }
            checks.add(new Check("serving: PagedAttention on " + layout + " fp32 device tensors, through fp16 copies, "
                    + "d64 vs CPU", () -> PagedLaunchesCheck.run(DeviceType.F32, new KvStore.AttentionHeads(8, 2, 64,
                    0.125f), tokenMajor)));
        }
        checks.add(new Check("refuse: out of device memory before launch", this::outOfMemory));
        checks.add(new Check("refuse: page table outside the cache", this::badPageTable));
        return checks;
    }

    /**
     * Head dims 16 and 32 (the shared tiny models have 16): there the decode kernel holds a
     * token in 2 or 4 lanes (RoPE's partner half one or two lanes away) and the merge kernel
     * leaves lanes idle. Grouped heads 8/2 and 6/1 (a second, partial head tile per CTA).
     */
    private void smallHeadDims(List<Check> checks) {
        for (int dim : new int[] {16, 32}) {
            HeadConfig gqa = new HeadConfig(8, 2, dim, KvDType.FP16);
            HeadConfig mqa = new HeadConfig(6, 1, dim, KvDType.BF16);
            long seed = 100 + dim;
            checks.add(new Check("decode p1 d" + dim + " fp16 8/2 skewed",
                    () -> decode(seed, gqa, 1, AttentionVariant.DEFAULT, 7, 300)));
            checks.add(new Check("decode p16 d" + dim + " bf16 6/1 skewed",
                    () -> decode(seed + 1, mqa, 16, AttentionVariant.DEFAULT, 7, 300)));
            checks.add(new Check("decode split kv d" + dim + " fp16 batch 1 x 20000",
                    () -> decodeFixed(seed + 2, gqa, 16, new int[] {20000})));
            checks.add(new Check("prefill p16 d" + dim + " fp16 8/2 causal",
                    () -> prefill(seed + 3, gqa, 16, AttentionVariant.DEFAULT.withCausal(true), 4, 150)));
            checks.add(new Check("prefill p1 d" + dim + " bf16 6/1 full",
                    () -> prefill(seed + 4, mqa, 1, AttentionVariant.DEFAULT, 4, 150)));
            checks.add(new Check("prefill ragged causal d" + dim + " fp16", () -> prefillRagged(seed + 5, gqa, true)));
            checks.add(new Check("prefill ragged full d" + dim + " bf16", () -> prefillRagged(seed + 6, mqa, false)));
            checks.add(new Check("prefill split kv d" + dim + " fp16 1 x (70 q, 6000 kv)",
                    () -> prefillFixed(seed + 7, gqa, new int[] {70}, new int[] {6000})));
            AttentionVariant capWindow = AttentionVariant.DEFAULT.withCausal(true).withSoftCap(5).withWindowLeft(37);
            checks.add(new Check("decode variant d" + dim + " fp16 " + capWindow.specializationName(),
                    () -> decode(seed + 8, gqa, 16, capWindow, 5, 200)));
            checks.add(new Check("prefill variant d" + dim + " fp16 " + capWindow.specializationName(),
                    () -> prefill(seed + 9, gqa, 16, capWindow, 3, 140)));
            AttentionVariant rope = AttentionVariant.DEFAULT.withCausal(true).withRope(10000);
            checks.add(new Check("decode variant d" + dim + " bf16 " + rope.specializationName(),
                    () -> decode(seed + 10, mqa, 16, rope, 5, 200)));
            checks.add(new Check("prefill variant d" + dim + " bf16 " + rope.specializationName(),
                    () -> prefill(seed + 11, mqa, 16, rope, 3, 140)));
            checks.add(new Check("append paged kv p16 d" + dim, () -> append(seed + 12, 16, gqa)));
            checks.add(new Check("append paged kv p1 d" + dim, () -> append(seed + 13, 1, mqa)));
            checks.add(new Check("merge states kernel d" + dim, () -> merge(new HeadConfig(4, 4, dim, KvDType.FP16))));
        }
    }

    static int[] zipf(Random rng, int n, int scale) {
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            lens[i] = Math.max(1, (int) (scale / Math.pow(1 + rng.nextInt(n), 1.1)) + rng.nextInt(7));
        }
        return lens;
    }

    private Result decode(long seed, HeadConfig heads, int pageSize, AttentionVariant variant, int batch, int maxKv) {
        Random rng = new Random(seed);
        int[] kvLens = new int[batch];
        for (int r = 0; r < batch; r++) {
            kvLens[r] = r == 0 ? 1 + rng.nextInt(3) : 1 + rng.nextInt(maxKv);
        }
        return decodeOn(rng, heads, pageSize, variant, kvLens);
    }

    private Result decodeFixed(long seed, HeadConfig heads, int pageSize, int[] kvLens) {
        return decodeOn(new Random(seed), heads, pageSize, AttentionVariant.DEFAULT, kvLens);
    }

    /** Decode with a given KV chunk instead of the planner's, to reach many partial states per row. */
    private Result decodeInChunks(long seed, HeadConfig heads, int[] kvLens, int chunk) {
        Random rng = new Random(seed);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, kvLens, 16, 3);
        int[] ones = new int[kvLens.length];
        java.util.Arrays.fill(ones, 1);
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, ones, kv);
        return compare(batch, AttentionPlanner.planWithChunk(batch, kernels.planConfig(batch), chunk));
    }

    private Result decodeOn(Random rng, HeadConfig heads, int pageSize, AttentionVariant variant, int[] kvLens) {
        return decodeOn(attention, rng, heads, pageSize, variant, kvLens);
    }

    private Result decodeOn(CudaAttention library, Random rng, HeadConfig heads, int pageSize,
                            AttentionVariant variant, int[] kvLens) {
        KvSource.Paged kv = RandomBatches.paged(rng, heads, kvLens, pageSize, 3);
        int[] ones = new int[kvLens.length];
        java.util.Arrays.fill(ones, 1);
        AttentionBatch batch = RandomBatches.batch(rng, heads, variant, ones, kv);
        AttentionPlan plan = library.plan(batch);
        return judge(batch, AttentionReference.run(batch), runOn(library, batch, plan),
                "items " + plan.numItems() + ", chunk " + plan.kvChunkSize() + (plan.splitsKv() ? ", split" : ""));
    }

    private Result prefill(long seed, HeadConfig heads, int pageSize, AttentionVariant variant, int batch, int maxKv) {
        Random rng = new Random(seed);
        int[] kvLens = new int[batch];
        int[] qoLens = new int[batch];
        for (int r = 0; r < batch; r++) {
            kvLens[r] = 1 + rng.nextInt(maxKv);
            qoLens[r] = 1 + rng.nextInt(kvLens[r]);
        }
        qoLens[0] = kvLens[0];
        return prefillOn(rng, heads, RandomBatches.paged(rng, heads, kvLens, pageSize, 2), variant, qoLens);
    }

    private Result prefillFixed(long seed, HeadConfig heads, int[] qoLens, int[] kvLens) {
        Random rng = new Random(seed);
        return prefillOn(rng, heads, RandomBatches.paged(rng, heads, kvLens, 16, 0),
                AttentionVariant.DEFAULT.withCausal(true), qoLens);
    }

    private Result prefillRagged(long seed, HeadConfig heads, boolean causal) {
        Random rng = new Random(seed);
        int[] kvLens = {129, 1, 64, 200};
        int[] qoLens = {129, 1, 33, 77};
        KvSource.Ragged kv = RandomBatches.toRagged(RandomBatches.paged(rng, heads, kvLens, 16, 0));
        return prefillOn(rng, heads, kv, AttentionVariant.DEFAULT.withCausal(causal), qoLens);
    }

    private Result prefillOn(Random rng, HeadConfig heads, KvSource kv, AttentionVariant variant, int[] qoLens) {
        AttentionBatch batch = RandomBatches.batch(rng, heads, variant, qoLens, kv);
        return compare(batch, attention.plan(batch));
    }

    /**
     * A causal prefill too large for the CPU reference: the default kernel (on Hopper the
     * wgmma kernel) against the mma.sync kernel, which the other checks hold to the
     * reference, at the tolerance of the dtype.
     */
    private Result againstMmaSync(long seed, HeadConfig heads, int batchSize, int length) {
        return againstMmaSync(attention, seed, heads, batchSize, length);
    }

    private Result againstMmaSync(CudaAttention library, long seed, HeadConfig heads, int batchSize, int length) {
        Random rng = new Random(seed);
        int[] lens = new int[batchSize];
        java.util.Arrays.fill(lens, length);
        KvSource.Ragged kv = RandomBatches.toRagged(RandomBatches.paged(rng, heads, lens, 16, 0));
        return againstMmaSyncOn(library, RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT.withCausal(true),
                lens, kv));
    }

    private Result againstMmaSyncOn(CudaAttention library, AttentionBatch batch) {
        AttentionState expected = runOn(mmaSyncOnly, batch, mmaSyncOnly.plan(batch));
        AttentionPlan plan = library.plan(batch);
        return judge(batch, expected, runOn(library, batch, plan), "items " + plan.numItems() + ", chunk "
                + plan.kvChunkSize() + ", kernel " + library.kernels().prefillKernel(batch).template());
    }

    private AttentionState runOn(CudaAttention library, AttentionBatch batch, AttentionPlan plan) {
        try (DeviceBatch b = library.upload(batch, plan)) {
            b.out.fill((byte) 0xFF);
            b.outLse.fill((byte) 0xFF);
            library.launch(b);
            stream.synchronize();
            return b.download();
        }
    }

    /** Runs on the device with a poisoned output and compares with the float64 reference. */
    Result compare(AttentionBatch batch, AttentionPlan plan) {
        return compareOn(attention, kernels, batch, plan);
    }

    /** The same on another configuration of the library, with its own plan. */
    private Result compareOn(CudaAttention library, AttentionBatch batch) {
        return compareOn(library, library.kernels(), batch, library.plan(batch));
    }

    private Result compareOn(CudaAttention library, AttentionKernels libraryKernels, AttentionBatch batch,
                             AttentionPlan plan) {
        AttentionState got = runOn(library, batch, plan);
        return judge(batch, AttentionReference.run(batch), got,
                "items " + plan.numItems() + ", chunk " + plan.kvChunkSize() + (plan.splitsKv() ? ", split" : "")
                + (batch.isDecode() ? "" : ", " + libraryKernels.prefillKernel(batch).template()));
    }

    private static Result judge(AttentionBatch batch, AttentionState ref, AttentionState got, String detail) {
        double tol = tolerance(batch.heads().dtype());
        double err = RandomBatches.relativeError(got.o(), ref.o());
        double lseErr = 0;
        boolean emptyRowsMatch = true;
        for (int i = 0; i < ref.lse().length; i++) {
            if (ref.lse()[i] == Double.NEGATIVE_INFINITY) {
                emptyRowsMatch &= got.lse()[i] == Double.NEGATIVE_INFINITY;
            } else {
                lseErr = Math.max(lseErr, Math.abs(got.lse()[i] - ref.lse()[i]));
            }
        }
        boolean ok = err < tol && lseErr < 5e-2 && emptyRowsMatch && !Double.isNaN(err);
        return new Result("", ok, err, tol, detail + String.format(", lse err %.1e%s", lseErr,
                emptyRowsMatch ? "" : ", EMPTY ROWS DIFFER"));
    }

    private Result append(long seed, int pageSize) {
        return append(seed, pageSize, new HeadConfig(8, 2, 128, KvDType.BF16));
    }

    private Result append(long seed, int pageSize, HeadConfig heads) {
        Random rng = new Random(seed);
        int[] kvLens = {1, 17, 100, 64};
        KvSource.Paged kv = RandomBatches.paged(rng, heads, kvLens, pageSize, 4);
        int[] appendIndptr = {0, 1, 4, 14, 14};
        short[] k = RandomBatches.randomHalf(rng, heads.dtype(), 14 * heads.kvRowElements());
        short[] v = RandomBatches.randomHalf(rng, heads.dtype(), 14 * heads.kvRowElements());
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, new int[] {1, 1, 1, 1}, kv);
        KvAppend append = new KvAppend(kv.cache(), kv.table(), appendIndptr, k, v);
        short[] gotK = new short[kv.keys().length];
        short[] gotV = new short[kv.values().length];
        try (DeviceBatch b = attention.upload(batch, attention.plan(batch))) {
            attention.appendPagedKv(b, append);
            b.downloadKv(gotK, gotV);
        }
        AttentionReference.appendPagedKv(append);
        boolean same = java.util.Arrays.equals(gotK, kv.keys()) && java.util.Arrays.equals(gotV, kv.values());
        return new Result("", same, same ? 0 : 1, 0, "whole cache compared bit for bit");
    }

    private Result merge() {
        return merge(new HeadConfig(4, 4, 128, KvDType.FP16));
    }

    private Result merge(HeadConfig heads) {
        Random rng = new Random(18);
        int d = heads.headDim();
        int partialRows = 9;
        AttentionState partials = AttentionState.empty(partialRows, 4, d);
        for (int i = 0; i < partials.o().length; i++) {
            partials.o()[i] = rng.nextGaussian();
        }
        for (int i = 0; i < partials.lse().length; i++) {
            partials.lse()[i] = rng.nextInt(6) == 0 ? Double.NEGATIVE_INFINITY : rng.nextGaussian() * 8;
            if (partials.lse()[i] == Double.NEGATIVE_INFINITY) {
                java.util.Arrays.fill(partials.o(), i * d, (i + 1) * d, 0);
            }
        }
        // float32 on the device: round the inputs the same way for the reference
        for (int i = 0; i < partials.o().length; i++) {
            partials.o()[i] = (float) partials.o()[i];
        }
        for (int i = 0; i < partials.lse().length; i++) {
            partials.lse()[i] = (float) partials.lse()[i];
        }
        int[] indptr = {0, 3, 4, 4, 9};
        int[] indices = {8, 0, 4, 2, 1, 3, 5, 6, 7};
        AttentionState ref = MergeStates.mergeIndexed(partials, indptr, indices);
        AttentionState got = attention.mergeStates(heads, partials, indptr, indices);
        double err = RandomBatches.relativeError(got.o(), ref.o());
        boolean ok = err < tolerance(heads.dtype()) && got.lse()[2 * 4] == Double.NEGATIVE_INFINITY;
        return new Result("", ok, err, tolerance(heads.dtype()), "4 output rows from 9 partial rows, one empty");
    }

    private Result graphReplay() {
        Random rng = new Random(19);
        HeadConfig heads = new HeadConfig(32, 8, 128, KvDType.BF16);
        int[] kvLens = {700, 33, 1500, 2};
        int[] ones = {1, 1, 1, 1};
        KvSource.Paged kv = RandomBatches.paged(rng, heads, kvLens, 16, 0);
        AttentionBatch first = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, ones, kv);
        AttentionPlan plan = attention.plan(first);
        try (DeviceBatch b = attention.upload(first, plan);
             CudaGraph graph = CudaGraph.capture(stream, () -> attention.launch(b))) {
            graph.launch(stream);
            stream.synchronize();
            AttentionState firstOut = b.download();
            Result r1 = judge(first, AttentionReference.run(first), firstOut, "");
            KvSource.Paged kv2 = new KvSource.Paged(RandomBatches.paged(rng, heads, kvLens, 16, 0).cache(), kv.table());
            AttentionBatch second = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, ones, kv2);
            b.refresh(second);
            b.out.fill((byte) 0xFF);
            graph.launch(stream);
            stream.synchronize();
            AttentionState secondOut = b.download();
            Result r2 = judge(second, AttentionReference.run(second), secondOut, "");
            boolean changed = RandomBatches.relativeError(secondOut.o(), firstOut.o()) > 0.1;
            return new Result("", r1.passed() && r2.passed() && changed, Math.max(r1.error(), r2.error()),
                    r1.tolerance(), "first " + String.format("%.1e", r1.error()) + ", replay on new data "
                    + String.format("%.1e", r2.error()) + (changed ? "" : ", OUTPUT DID NOT CHANGE"));
        }
    }

    /** One MatMul node run by {@code --backend cuda} against {@code --backend cpu}, f32. */
    private Result matMulNode(int[] aShape, int[] bShape) {
        AttentionGraphs inputs = new AttentionGraphs(new Random(23));
        var a = inputs.random(dev.graft.engine.tensor.DType.FLOAT32, aShape);
        var b = inputs.random(dev.graft.engine.tensor.DType.FLOAT32, bShape);
        return opOnBothBackends("MatMul", java.util.Map.of(), a, b);
    }

    /** One node of {@code op} run by {@code --backend cuda} against {@code --backend cpu}. */
    private static Result opOnBothBackends(String op, java.util.Map<String, dev.graft.engine.graph.Attribute> attrs,
                                           dev.graft.engine.tensor.Tensor... inputs) {
        return opOnBothBackends(DeviceType.F32, op, attrs, inputs);
    }

    /** As above with the device storing values in {@code storage}; bf16 rounds every value (tolerance 1e-2). */
    private static Result opOnBothBackends(DeviceType storage, String op,
                                           java.util.Map<String, dev.graft.engine.graph.Attribute> attrs,
                                           dev.graft.engine.tensor.Tensor... inputs) {
        var graph = AttentionGraphs.opGraph(op, attrs, inputs);
        java.util.Map<String, dev.graft.engine.tensor.Tensor> feed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            feed.put("in" + i, inputs[i]);
        }
        var expected = new dev.graft.engine.cpu.CpuBackend().prepare(graph).run(feed).get("out");
        var got = new CudaBackend(storage).prepare(graph).run(feed).get("out");
        return compareTensors(expected, got, storage == DeviceType.F32 ? 1e-5 : 1e-2);
    }

    /** Positive inputs where the op needs them (Log, Sqrt, Pow's base). */
    private static Result elementwise(String op, int[] aShape, int[] bShape) {
        AttentionGraphs inputs = new AttentionGraphs(new Random(op.hashCode()));
        var a = inputs.random(dev.graft.engine.tensor.DType.FLOAT32, aShape);
        if (op.equals("Log") || op.equals("Sqrt") || op.equals("Pow")) {
            for (int i = 0; i < a.size(); i++) {
                a.floats()[i] = Math.abs(a.floats()[i]) + 0.1f;
            }
        }
        if (bShape == null) {
            return opOnBothBackends(op, java.util.Map.of(), a);
        }
        return opOnBothBackends(op, java.util.Map.of(), a, inputs.random(dev.graft.engine.tensor.DType.FLOAT32, bShape));
    }

    private static Result compareTensors(dev.graft.engine.tensor.Tensor expected, dev.graft.engine.tensor.Tensor got,
                                         double tol) {
        double[] e = new double[expected.size()];
        double[] o = new double[got.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected.floats()[i];
            o[i] = got.floats()[i];
        }
        double err = RandomBatches.relativeError(o, e);
        return new Result("", err < tol && java.util.Arrays.equals(expected.shape(), got.shape()), err, tol,
                "shape " + java.util.Arrays.toString(got.shape()));
    }

    /**
     * One FusedAttention node run by {@code --backend cuda} (fp32 storage) against {@code
     * --backend cpu}, within the bound of the way the node runs there.
     */
    private Result fusedNode(dev.graft.engine.tensor.DType dtype, int b, int hq, int hkv, int sq, int skv, int d,
                             boolean causal, boolean mask) {
        AttentionGraphs inputs = new AttentionGraphs(new Random(22));
        var q = inputs.random(dtype, b, hq, sq, d);
        var k = inputs.random(dtype, b, hkv, skv, d);
        var v = inputs.random(dtype, b, hkv, skv, d);
        var tensors = mask ? new dev.graft.engine.tensor.Tensor[] {q, k, v,
                inputs.random(dev.graft.engine.tensor.DType.FLOAT32, 1, hq, sq, skv)}
                : new dev.graft.engine.tensor.Tensor[] {q, k, v};
        var graph = AttentionGraphs.attentionGraph(1 / Math.sqrt(d), causal, tensors);
        java.util.Map<String, dev.graft.engine.tensor.Tensor> feed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < tensors.length; i++) {
            feed.put("in" + i, tensors[i]);
        }
        return EngineChecks.compare(graph, feed, DeviceType.F32);
    }

    private Result outOfMemory() {
        Random rng = new Random(20);
        HeadConfig heads = new HeadConfig(8, 8, 128, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {4000}, 16, 0);
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, new int[] {1}, kv);
        try (DeviceMemoryPool small = new DeviceMemoryPool(context, 1 << 20)) {
            CudaAttention limited = new CudaAttention(small, kernels, stream);
            try {
                limited.run(batch);
                return new Result("", false, 1, 0, "ran in a 1 MiB pool");
            } catch (CudaException e) {
                boolean ok = e.getMessage().startsWith("out of device memory");
                return new Result("", ok, 0, 0, e.getMessage());
            }
        }
    }

    private Result badPageTable() {
        Random rng = new Random(21);
        HeadConfig heads = new HeadConfig(8, 8, 128, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {40}, 16, 0);
        PageTable bad = new PageTable(kv.table().indptr(), new int[] {0, 1, kv.cache().numPages() + 5},
                kv.table().lastPageLen(), 16);
        try {
            new KvSource.Paged(kv.cache(), bad);
            return new Result("", false, 1, 0, "accepted a page outside the cache");
        } catch (AttentionInputException e) {
            return new Result("", true, 0, 0, e.getMessage());
        }
    }
}
