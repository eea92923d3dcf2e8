package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionPlanner;
import dev.graft.attention.AttentionState;
import dev.graft.attention.CpuPlanExecutor;
import dev.graft.attention.CustomMask;
import dev.graft.attention.DeviceShape;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.MaskMode;
import dev.graft.attention.PlanConfig;
import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FusedAttention through the attention library, on the CPU: the plan kept per shape, and
 * the whole route (the layout copies the device makes, the ragged batch, the plan, the
 * library's CPU executor of that plan, the copy back) against the CPU op.
 */
class FusedAttentionPlanTest {

    @Test
    void theKeyNamesEveryShapeTheCausalFlagAndTheMaskButNotTheScale() {
        String key = FusedAttentionPlan.key(2, 8, 2, 5, 7, 64, KvDType.FP16, true, 0);
        assertEquals(key, FusedAttentionPlan.key(2, 8, 2, 5, 7, 64, KvDType.FP16, true, 0));
        List<String> others = List.of(FusedAttentionPlan.key(3, 8, 2, 5, 7, 64, KvDType.FP16, true, 0),
                FusedAttentionPlan.key(2, 4, 2, 5, 7, 64, KvDType.FP16, true, 0),
                FusedAttentionPlan.key(2, 8, 4, 5, 7, 64, KvDType.FP16, true, 0),
                FusedAttentionPlan.key(2, 8, 2, 6, 7, 64, KvDType.FP16, true, 0),
                FusedAttentionPlan.key(2, 8, 2, 5, 8, 64, KvDType.FP16, true, 0),
                FusedAttentionPlan.key(2, 8, 2, 5, 7, 128, KvDType.FP16, true, 0),
                FusedAttentionPlan.key(2, 8, 2, 5, 7, 64, KvDType.BF16, true, 0),
                FusedAttentionPlan.key(2, 8, 2, 5, 7, 64, KvDType.FP16, false, 0),
                FusedAttentionPlan.key(2, 8, 2, 5, 7, 64, KvDType.FP16, true, 1),
                FusedAttentionPlan.key(2, 8, 2, 5, 7, 64, KvDType.FP16, true, 8));
        for (String other : others) {
            assertNotEquals(key, other);
        }
    }

    /** Something a cache keeps, that records how often it was made and whether it was freed. */
    private static final class Kept implements AutoCloseable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void theExecutorMakesOnePlanPerShapeAndFreesThemWithTheGraph() {
        DeviceConstants constants = new DeviceConstants(null, new DeviceMemoryPool(null, Long.MAX_VALUE), DeviceType.F32);
        List<Kept> made = new ArrayList<>();
        String a = FusedAttentionPlan.key(1, 4, 2, 9, 9, 64, KvDType.FP16, true, 0);
        String b = FusedAttentionPlan.key(1, 4, 2, 10, 10, 64, KvDType.FP16, true, 0);
        Kept first = constants.derived(a, Kept.class, pool -> add(made));
        assertSame(first, constants.derived(a, Kept.class, pool -> add(made)), "a second layer or run reuses it");
        Kept second = constants.derived(b, Kept.class, pool -> add(made));
        assertEquals(2, made.size());
        assertSame(second, constants.derived(b, Kept.class, pool -> add(made)));
        assertEquals(2, made.size());
        constants.close();
        assertTrue(first.closed && second.closed);
    }

    private static Kept add(List<Kept> made) {
        Kept k = new Kept();
        made.add(k);
        return k;
    }

    @Test
    void theBatchMakesEachBatchElementOneRequest() {
        AttentionBatch batch = FusedAttentionPlan.batch(3, 8, 2, 4, 6, 128, KvDType.BF16, true, 0);
        assertArrayEquals(new int[] {0, 4, 8, 12}, batch.qoIndptr());
        assertArrayEquals(new int[] {0, 6, 12, 18}, ((KvSource.Ragged) batch.kv()).kvIndptr());
        assertEquals(8, batch.heads().numQoHeads());
        assertEquals(2, batch.heads().numKvHeads());
        assertEquals(KvDType.BF16, batch.heads().dtype());
        assertTrue(batch.variant().causal());
        assertEquals(MaskMode.NONE, batch.variant().mask());
        AttentionBatch masked = FusedAttentionPlan.batch(3, 8, 2, 4, 6, 128, KvDType.BF16, false, 8);
        assertEquals(MaskMode.PER_HEAD, masked.variant().mask());
        assertArrayEquals(new long[] {0, 8 * 4 * 6, 2 * 8 * 4 * 6, 3 * 8 * 4 * 6}, masked.mask().offsets());
        assertEquals(MaskMode.SHARED, FusedAttentionPlan.batch(3, 8, 2, 4, 6, 128, KvDType.BF16, false, 1)
                .variant().mask());
    }

    /**
     * The device route, every step on the CPU: a tiny device (4 multiprocessors) makes the
     * planner split long KV, so the merge is exercised too. fp16 and bf16 storage of Q, K, V
     * (rounded first, so only the output's rounding and summation order differ from the op).
     * Masks: none, shared by the heads ({@code (b, 1, sq, skv)}, {@code (sq, skv)} broadcast
     * over the batch) and per head, with -inf entries that drop keys.
     */
    @ParameterizedTest
    @CsvSource({"2, 4, 2, 7, 7, 64, true, FP16, ", "1, 8, 2, 33, 300, 128, true, BF16, ",
            "2, 4, 4, 5, 9, 64, false, FP16, ", "1, 4, 1, 1, 70, 128, false, BF16, ", "1, 2, 1, 9, 4, 64, true, FP16, ",
            "2, 4, 2, 7, 7, 64, false, FP16, 2x1x7x7", "2, 4, 2, 6, 90, 128, true, BF16, 6x90",
            "2, 4, 2, 5, 70, 64, false, FP16, 1x4x5x70"})
    void theLibraryRouteMatchesTheOp(int b, int hq, int hkv, int sq, int skv, int d, boolean causal, KvDType dtype,
                                     String maskShape) {
        AttentionGraphs graphs = new AttentionGraphs(new Random(b * 31 + sq));
        DType rounded = dtype == KvDType.FP16 ? DType.FLOAT16 : DType.BFLOAT16;
        Tensor q = asF32(graphs.random(rounded, b, hq, sq, d));
        Tensor k = asF32(graphs.random(rounded, b, hkv, skv, d));
        Tensor v = asF32(graphs.random(rounded, b, hkv, skv, d));
        double scale = 1 / Math.sqrt(d);
        Tensor mask = maskShape == null ? null : droppingKeys(graphs.random(DType.FLOAT32, dims(maskShape)));
        Graph graph = mask == null ? AttentionGraphs.attentionGraph(scale, causal, q, k, v)
                : AttentionGraphs.attentionGraph(scale, causal, q, k, v, mask);
        Tensor want = new CpuBackend().prepare(graph).run(mask == null ? Map.of("in0", q, "in1", k, "in2", v)
                : Map.of("in0", q, "in1", k, "in2", v, "in3", mask)).get("out");

        int maskHeads = mask == null ? 0 : FusedAttentionRoute.maskHeads(mask.shape(), hq);
        AttentionBatch shape = FusedAttentionPlan.batch(b, hq, hkv, sq, skv, d, dtype, causal, maskHeads);
        CustomMask custom = null;
        if (mask != null) {
            float[] bias = LayoutWalk.copy(CudaFusedAttention.maskLayout(mask.shape(), b, hq, sq, skv), mask.floats(),
                    shape.mask().bias().length);
            custom = new CustomMask(bias, shape.mask().offsets(), maskHeads);
        }
        AttentionBatch batch = new AttentionBatch(shape.heads(), shape.variant().withScale(scale), shape.qoIndptr(),
                toRows(q, dtype), new KvSource.Ragged(shape.heads(), ((KvSource.Ragged) shape.kv()).kvIndptr(),
                toRows(k, dtype), toRows(v, dtype)), custom);
        AttentionPlan plan = AttentionPlanner.plan(batch, new PlanConfig(128, hq, 64, new DeviceShape(4, 1), true));
        AttentionState state = CpuPlanExecutor.run(batch, plan);
        float[] rows = new float[state.o().length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = dtype.decode(dtype.encode((float) state.o()[i]));
        }
        float[] got = LayoutWalk.copy(CudaFusedAttention.swapLayout(new int[] {b, sq, hq, d}), rows, rows.length);
        double err = EngineChecks.relativeError(want, Tensor.ofFloats(DType.FLOAT32, want.shape(), got));
        double tolerance = dtype == KvDType.FP16 ? 2e-3 : 1e-2;
        assertTrue(err < tolerance, "relative error " + err);
    }

    private static int[] dims(String shape) {
        return java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    /** Every fifth entry -inf, never a whole row's first key, so each query keeps a key to see. */
    private static Tensor droppingKeys(Tensor mask) {
        float[] m = mask.floats().clone();
        int keys = mask.dim(mask.rank() - 1);
        for (int i = 0; i < m.length; i++) {
            if (i % 5 == 3 && i % keys != 0) {
                m[i] = Float.NEGATIVE_INFINITY;
            }
        }
        return Tensor.ofFloats(DType.FLOAT32, mask.shape(), m);
    }

    private static Tensor asF32(Tensor t) {
        return Tensor.ofFloats(DType.FLOAT32, t.shape(), t.floats());
    }

    /** The graph's (b, h, s, d) as the library's 16-bit rows, through the device copy's layout. */
    private static short[] toRows(Tensor t, KvDType dtype) {
        return dtype.encode(LayoutWalk.copy(CudaFusedAttention.swapLayout(t.shape()), t.floats(), t.size()));
    }
}
