package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionPlanner;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.DeviceShape;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.MaskMode;
import dev.graft.attention.PageTable;
import dev.graft.attention.PagedKvCache;
import dev.graft.attention.PlanConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The attention benchmark on the GPU machine: device-to-device copy bandwidth, batch
 * decode over the paged cache (uniform, Zipf-skewed, one long request), causal prefill,
 * and JIT compile versus cached load. Times are CUDA-event medians of graph replays, on
 * random data. Writes one JSON file of results (argument 1) and prints a table.
 */
public final class AttentionBench {
    private final CudaRuntime gpu;
    /** The library the decode rows run on: the default decode shape, or the one the command line names. */
    private final CudaAttention decoding;
    /** The same, with the merge launched after the attention kernel has finished. */
    private final CudaAttention mergingAfter;
    private final List<String> records = new ArrayList<>();

    private AttentionBench(CudaRuntime gpu, AttentionKernels.DecodeShape decodeShape) {
        this.gpu = gpu;
        this.decoding = new CudaAttention(gpu.pool(), new AttentionKernels(gpu.context(), gpu.loader(),
                AttentionKernels::prefillShape, true, decodeShape, true), gpu.stream());
        this.mergingAfter = new CudaAttention(gpu.pool(), new AttentionKernels(gpu.context(), gpu.loader(),
                AttentionKernels::prefillShape, true, decodeShape, false), gpu.stream());
    }

    /** A decode shape written as warps,unroll,stages,minCtas. */
    private static AttentionKernels.DecodeShape decodeShape(String text) {
        int[] v = Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
        if (v.length != 4) {
            throw new IllegalArgumentException("decode shape: expected warps,unroll,stages,minCtas, got " + text);
        }
        return new AttentionKernels.DecodeShape(v[0], v[1], v[2], v[3]);
    }

    public static void main(String[] args) throws IOException {
        var reason = CudaRuntime.unavailableReason();
        if (reason.isPresent()) {
            System.out.println("no CUDA device: " + reason.get() + " (benchmark skipped)");
            return;
        }
        try (CudaRuntime gpu = CudaRuntime.open()) {
            // arguments: output JSON, [filter: decode, prefill, sweep, nomma, nohopper], [decode shape warps,unroll,stages,minCtas]
            AttentionBench bench = new AttentionBench(gpu, args.length > 2 ? decodeShape(args[2])
                    : AttentionKernels.DecodeShape.DEFAULT);
            System.out.println("device: " + gpu.context().name() + ", NVRTC " + Nvrtc.get().version());
            String filter = args.length > 1 ? args[1] : "";
            bench.jit();
            double copy = bench.copyBandwidth();
            HeadConfig gqa = new HeadConfig(32, 8, 128, KvDType.BF16);
            int[] uniform = new int[64];
            Arrays.fill(uniform, 4096);
            if (filter.isEmpty() || filter.contains("decode")) {
                bench.decode("decode b64 kv4096 p16", gqa, uniform, 16, copy, false);
                bench.decode("decode b64 zipf p16", gqa, zipf(64, 16384), 16, copy, true);
                bench.decode("decode b1 kv32768 p16", gqa, new int[] {32768}, 16, copy, true);
                bench.decode("decode b64 kv4096 p1", gqa, uniform, 1, copy, false);
            }
            if (filter.contains("sweep")) {
                bench.decodeSweep(gqa, uniform, copy);
            }
            if (filter.isEmpty() || filter.contains("prefill")) {
                HeadConfig mha = new HeadConfig(32, 32, 128, KvDType.BF16);
                bench.prefill("prefill causal L4096 b4", mha, 4, 4096, gpu.attention());
                bench.prefill("prefill causal L16384 b1", mha, 1, 16384, gpu.attention());
                // the Hopper kernel's other shapes against its default; "nohopper" skips these
                for (var shape : filter.contains("nohopper") ? List.<AttentionKernels.HopperShape>of()
                        : List.of(new AttentionKernels.HopperShape(2, false), new AttentionKernels.HopperShape(2, true),
                                new AttentionKernels.HopperShape(3, true))) {
                    if (shape.equals(AttentionKernels.HopperShape.DEFAULT)) {
                        continue;
                    }
                    var kernels = new AttentionKernels(gpu.context(), gpu.loader(), AttentionKernels::prefillShape,
                            true, shape, AttentionKernels.DecodeShape.DEFAULT, true);
                    var attention = new CudaAttention(gpu.pool(), kernels, gpu.stream());
                    String tag = " [hopper stages" + shape.stages() + (shape.pingPong() ? " pingpong" : "") + "]";
                    bench.prefill("prefill causal L4096 b4" + tag, mha, 4, 4096, attention);
                    bench.prefill("prefill causal L16384 b1" + tag, mha, 1, 16384, attention);
                }
                // the mma.sync kernel (the default before the Hopper kernel, and where that does
                // not apply) at head dim 128, in its tiles, against the default above; "nomma" skips these
                for (var shape : filter.contains("nomma") ? List.<AttentionKernels.PrefillShape>of() : List.of(new AttentionKernels.PrefillShape(2, 64, 2),
                        new AttentionKernels.PrefillShape(2, 32, 2), new AttentionKernels.PrefillShape(1, 64, 3))) {
                    var kernels = new AttentionKernels(gpu.context(), gpu.loader(), d -> shape, false,
                            AttentionKernels.DecodeShape.DEFAULT, true);
                    var attention = new CudaAttention(gpu.pool(), kernels, gpu.stream());
                    String tag = " [mma.sync mt" + shape.mt() + " bk" + shape.bk() + " min" + shape.minCtas() + "]";
                    bench.prefill("prefill causal L4096 b4" + tag, mha, 4, 4096, attention);
                    bench.prefill("prefill causal L16384 b1" + tag, mha, 1, 16384, attention);
                }
            }
            Files.writeString(Path.of(args[0]), "[\n" + String.join(",\n", bench.records) + "\n]\n");
        }
    }

    /** Zipf-like lengths: rank i (shuffled) gets max / i tokens, at least 16. */
    static int[] zipf(int n, int max) {
        int[] lens = new int[n];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            lens[i] = Math.max(16, max / (i + 1));
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = lens[i];
            lens[i] = lens[j];
            lens[j] = t;
        }
        return lens;
    }

    private void record(String name, String fields) {
        records.add("  {\"name\": \"" + name + "\", " + fields + "}");
    }

    private double copyBandwidth() {
        long bytes = 1L << 30;
        try (DeviceBuffer a = gpu.pool().allocate(bytes, "copy source");
             DeviceBuffer b = gpu.pool().allocate(bytes, "copy target")) {
            a.fill((byte) 1);
            double ms = medianMillis(() -> CudaCheck.call(cuMemcpyDtoDAsync(b.pointer(), a.pointer(), bytes,
                    gpu.stream().handle()), "cuMemcpyDtoDAsync"), 5, 20);
            double tbs = 2.0 * bytes / (ms * 1e-3) / 1e12;
            System.out.printf(Locale.ROOT, "%-28s %9.1f us  %6.2f TB/s (read + write)%n", "copy 1 GiB d2d", ms * 1e3, tbs);
            record("copy", String.format(Locale.ROOT, "\"us\": %.2f, \"tbps\": %.4f", ms * 1e3, tbs));
            return tbs;
        }
    }

    private static short[] randomHalf(KvDType dtype, long n, long seed) {
        short[] out = new short[Math.toIntExact(n)];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.encode((float) (rng.nextDouble() * 2 - 1));
        }
        return out;
    }

    private void decode(String name, HeadConfig heads, int[] kvLens, int pageSize, double copyTbs, boolean sweep) {
        Case decodeCase = decodeCase(heads, kvLens, pageSize);
        AttentionBatch batch = decodeCase.batch();
        long tokens = decodeCase.tokens();
        double kvBytes = decodeCase.kvBytes();
        AttentionPlan plan = decoding.plan(batch);
        decodeWithPlan(name, batch, plan, kvBytes, tokens, copyTbs);
        if (sweep) {
            decodeWithPlan(name + " [merge not overlapped]", batch, plan, kvBytes, tokens, copyTbs, mergingAfter);
            // finer plans than the cost model's choice: the planner aiming at 2 and 4 times the CTAs
            var config = decoding.kernels().planConfig(batch);
            for (int times : new int[] {2, 4}) {
                var finer = new PlanConfig(config.qoTile(), config.ctasPerItem(),
                        config.kvChunkAlign(), new DeviceShape(config.device().numSms(),
                        config.device().ctasPerSm() * times), config.directOutput());
                decodeWithPlan(name + " [plan x" + times + "]", batch,
                        AttentionPlanner.plan(batch, finer), kvBytes, tokens, copyTbs);
            }
        }
    }

    /** Decode shapes (warps, unroll, stages, min CTAs per SM) beside the one the decode rows run. */
    private static final List<AttentionKernels.DecodeShape> SWEPT_SHAPES = List.of(
            new AttentionKernels.DecodeShape(8, 2, 4, 2), new AttentionKernels.DecodeShape(8, 2, 4, 3),
            new AttentionKernels.DecodeShape(4, 2, 4, 4), new AttentionKernels.DecodeShape(4, 2, 4, 3),
            new AttentionKernels.DecodeShape(8, 4, 3, 2), new AttentionKernels.DecodeShape(8, 1, 8, 2),
            new AttentionKernels.DecodeShape(16, 2, 4, 1));

    /**
     * The decode kernel's shapes and the splits of one long request and of the skewed batch,
     * beside the cost model's plan: what bench/attention.md's decode tuning tables come from.
     */
    private void decodeSweep(HeadConfig gqa, int[] uniform, double copy) {
        Case b1 = decodeCase(gqa, new int[] {32768}, 16);
        Case b64 = decodeCase(gqa, uniform, 16);
        Case skewed = decodeCase(gqa, zipf(64, 16384), 16);
        var config = decoding.kernels().planConfig(b1.batch);
        for (int chunk : new int[] {416, 672, 1024, 2048}) {
            decodeWithPlan(b1.name + " chunk " + chunk, b1.batch, AttentionPlanner.planWithChunk(b1.batch, config,
                    chunk), b1.kvBytes, b1.tokens, copy, decoding);
        }
        for (int chunk : new int[] {480, 1024, 1376, 1664}) {
            decodeWithPlan(skewed.name + " chunk " + chunk, skewed.batch, AttentionPlanner.planWithChunk(
                    skewed.batch, config, chunk), skewed.kvBytes, skewed.tokens, copy, decoding);
        }
        for (var shape : SWEPT_SHAPES) {
            var kernels = new AttentionKernels(gpu.context(), gpu.loader(), AttentionKernels::prefillShape, true, shape, true);
            var attention = new CudaAttention(gpu.pool(), kernels, gpu.stream());
            String tag = " [w" + shape.warps() + " u" + shape.unroll() + " s" + shape.stages() + " min"
                    + shape.minCtas() + "]";
            for (var c : List.of(b1, b64, skewed)) {
                decodeWithPlan(c.name + tag, c.batch, attention.plan(c.batch), c.kvBytes, c.tokens, copy, attention);
            }
        }
        // how much the math costs: the same bytes with a quarter of the query heads per KV head
        Case mha = decodeCase(new HeadConfig(8, 8, 128, KvDType.BF16), new int[] {32768}, 16);
        decodeWithPlan(mha.name + " [8/8 heads]", mha.batch, decoding.plan(mha.batch), mha.kvBytes,
                mha.tokens, copy, decoding);
        // what a step costs whatever its length: one request of 256 keys (one CTA per KV head)
        Case tiny = decodeCase(gqa, new int[] {256}, 16);
        decodeWithPlan(tiny.name, tiny.batch, decoding.plan(tiny.batch), tiny.kvBytes, tiny.tokens, copy, decoding);
        // how much the page table costs: the same request as ragged (contiguous) KV
        KvSource.Ragged ragged = dev.graft.attention.RandomBatches.toRagged((KvSource.Paged) b1.batch.kv());
        AttentionBatch contiguous = AttentionBatch.decode(gqa, AttentionVariant.DEFAULT, b1.batch.q(), ragged, null);
        decodeWithPlan(b1.name + " [ragged]", contiguous, decoding.plan(contiguous), b1.kvBytes, b1.tokens,
                copy, decoding);
    }

    private record Case(String name, AttentionBatch batch, double kvBytes, long tokens) {
    }

    private Case decodeCase(HeadConfig heads, int[] kvLens, int pageSize) {
        PageTable table = PageTable.contiguous(kvLens, pageSize);
        PagedKvCache cache = new PagedKvCache(Math.max(1, table.indices().length), pageSize, heads);
        short[] k = randomHalf(heads.dtype(), cache.keys().length, 1);
        System.arraycopy(k, 0, cache.keys(), 0, k.length);
        short[] v = randomHalf(heads.dtype(), cache.values().length, 2);
        System.arraycopy(v, 0, cache.values(), 0, v.length);
        KvSource.Paged kv = new KvSource.Paged(cache, shuffled(table, 3));
        short[] q = randomHalf(heads.dtype(), (long) kvLens.length * heads.qoRowElements(), 4);
        long tokens = Arrays.stream(kvLens).asLongStream().sum();
        String name = "decode b" + kvLens.length + (kvLens.length == 1 ? " kv" + kvLens[0] : " sum" + tokens);
        return new Case(name, AttentionBatch.decode(heads, AttentionVariant.DEFAULT, q, kv, null),
                2.0 * tokens * heads.kvRowElements() * Short.BYTES, tokens);
    }

    /** Times a decode plan whole and its attention kernel alone (the rest is the merge). */
    private void decodeWithPlan(String name, AttentionBatch batch, AttentionPlan plan, double kvBytes, long tokens,
                                double copyTbs) {
        decodeWithPlan(name, batch, plan, kvBytes, tokens, copyTbs, decoding);
    }

    private void decodeWithPlan(String name, AttentionBatch batch, AttentionPlan plan, double kvBytes, long tokens,
                                double copyTbs, CudaAttention attention) {
        double us = timePlan(batch, attention, plan, true);
        double kernelUs = timePlan(batch, attention, plan, false);
        double tbs = kvBytes / (us * 1e-6) / 1e12;
        System.out.printf(Locale.ROOT, "%-28s %9.1f us  %6.2f TB/s of KV  %5.1f%% of copy  (%d items, chunk %d;"
                + " attention kernel %.1f us)%n", name, us, tbs, 100 * tbs / copyTbs, plan.numItems(),
                plan.kvChunkSize(), kernelUs);
        record(name, String.format(Locale.ROOT, "\"us\": %.2f, \"tbps\": %.4f, \"of_copy\": %.4f, \"tokens\": %d, "
                + "\"items\": %d, \"chunk\": %d, \"kernel_us\": %.2f", us, tbs, tbs / copyTbs, tokens,
                plan.numItems(), plan.kvChunkSize(), kernelUs));
    }

    /** The table with each request's pages spread over the cache in a random order. */
    private static PageTable shuffled(PageTable table, long seed) {
        int[] perm = new int[table.indices().length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return new PageTable(table.indptr(), perm, table.lastPageLen(), table.pageSize());
    }

    private void prefill(String name, HeadConfig heads, int batchSize, int length, CudaAttention attention) {
        int[] lens = new int[batchSize];
        Arrays.fill(lens, length);
        int[] indptr = new int[batchSize + 1];
        for (int r = 0; r < batchSize; r++) {
            indptr[r + 1] = indptr[r] + length;
        }
        long rows = (long) batchSize * length;
        short[] k = randomHalf(heads.dtype(), rows * heads.kvRowElements(), 5);
        short[] v = randomHalf(heads.dtype(), rows * heads.kvRowElements(), 6);
        short[] q = randomHalf(heads.dtype(), rows * heads.qoRowElements(), 7);
        KvSource.Ragged kv = new KvSource.Ragged(heads, indptr, k, v);
        AttentionBatch batch = new AttentionBatch(heads, AttentionVariant.DEFAULT.withCausal(true), indptr, q, kv, null);
        double us = timeBatch(batch, attention);
        double flops = 4.0 * batchSize * heads.numQoHeads() * (double) length * length * heads.headDim() / 2;
        double tflops = flops / (us * 1e-6) / 1e12;
        System.out.printf(Locale.ROOT, "%-28s %9.1f us  %6.1f TFLOP/s (causal, 4*B*H*L*L*d/2)%n", name, us, tflops);
        record(name, String.format(Locale.ROOT, "\"us\": %.2f, \"tflops\": %.3f", us, tflops));
    }

    /** Median time of one attention step (attention and merge kernels) replayed as a CUDA graph. */
    private double timeBatch(AttentionBatch batch, CudaAttention attention) {
        AttentionPlan plan = attention.plan(batch);
        return timePlan(batch, attention, plan, plan.needsMerge());
    }

    /** Median time of a plan's attention kernel, and its merge if asked, replayed as a CUDA graph. */
    private double timePlan(AttentionBatch batch, CudaAttention attention, AttentionPlan plan, boolean merge) {
        try (DeviceBatch b = attention.upload(batch, plan);
             CudaGraph graph = CudaGraph.capture(gpu.stream(), () -> attention.launch(b, merge))) {
            return medianMillis(() -> graph.launch(gpu.stream()), 7, 20) * 1e3;
        }
    }

    private double medianMillis(Runnable work, int repeats, int perRepeat) {
        work.run();
        gpu.stream().synchronize();
        double[] ms = new double[repeats];
        try (CudaEvent start = new CudaEvent(); CudaEvent stop = new CudaEvent()) {
            for (int i = 0; i < repeats; i++) {
                start.record(gpu.stream());
                for (int j = 0; j < perRepeat; j++) {
                    work.run();
                }
                stop.record(gpu.stream());
                ms[i] = stop.millisSince(start) / perRepeat;
            }
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    /**
     * JIT cost, first thing in the process: two variants compiled cold into an empty cache
     * (the first also pays for loading NVRTC), then the second loaded back from disk.
     */
    private void jit() throws IOException {
        Path dir = Files.createTempDirectory("graft-jit-bench");
        KernelCache cache = new KernelCache(dir, gpu.context().arch());
        AttentionVariant first = AttentionVariant.DEFAULT.withCausal(true).withSoftCap(30);
        AttentionVariant second = first.withAlibi(true).withMask(MaskMode.PER_HEAD);
        KernelCache.Compiled firstCold = cache.get(prefillSource(first));
        KernelCache.Compiled cold = cache.get(prefillSource(second));
        KernelCache.Compiled warm = cache.get(prefillSource(second));
        long start = System.nanoTime();
        new CudaKernel(warm.cubin(), "attention_prefill");
        double moduleMs = (System.nanoTime() - start) / 1e6;
        System.out.printf(Locale.ROOT, "%-28s first compile %.0f ms, cold compile %.0f ms, cached load %.2f ms"
                + " + module load %.2f ms%n", "jit prefill d128 variants", firstCold.millis(), cold.millis(),
                warm.millis(), moduleMs);
        record("jit", String.format(Locale.ROOT, "\"first_ms\": %.2f, \"cold_ms\": %.2f, \"cached_ms\": %.3f, "
                + "\"module_ms\": %.3f", firstCold.millis(), cold.millis(), warm.millis(), moduleMs));
    }

    private static KernelSource prefillSource(AttentionVariant variant) {
        return KernelSource.template("attention_prefill", "attention_prefill.cu").define(java.util.Map.of(
                "HEAD_DIM", 128, "DTYPE_BF16", 1, "PAGED", 1, "MT", 2, "BK", 64, "MIN_CTAS", 2))
                .define(variant.flags());
    }
}
