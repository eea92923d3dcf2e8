package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.KvDType;
import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs PagedAttention through whole scheduled generations (chunked prefill mixed with
 * decode, grouped heads, odd sizes) and compares every output row with dense causal
 * attention over that request's full key and value history.
 */
class PagedAttentionTest {
    private static final int Q_HEADS = 6;
    private static final int KV_HEADS = 2;
    private static final float SCALE = 0.37f;

    /** f32 at an odd head dim; the library's 16-bit caches at a head dim its kernels take. */
    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("f32", 5), Arguments.of("bf16", 64), Arguments.of("fp16", 64));
    }

    private int headDim;
    private KvDType rounding;

    private final Random random = new Random(17);
    private final Map<Integer, List<float[][]>> keys = new HashMap<>();
    private final Map<Integer, List<float[][]>> values = new HashMap<>();

    @ParameterizedTest
    @MethodSource("stores")
    void matchesDenseCausalAttentionOverEachRequestsHistory(String dtype, int dim) {
        headDim = dim;
        rounding = dtype.equals("f32") ? null : KvDType.parse(dtype);
        PageAllocator alloc = new PageAllocator(9, 3);
        Scheduler scheduler = mixedTrace(alloc);
        KvStore pages = KvStore.create(dtype, 9, 3);
        Node node = attentionNode(headDim);
        int steps = eachStep(scheduler, (step, total, q, k, v) -> {
            recordHistory(step, k, v);
            Tensor out = run(node, pages, step, tensor(q, Q_HEADS, total), tensor(k, KV_HEADS, total),
                    tensor(v, KV_HEADS, total));
            checkAgainstDense(step, q, out.floats());
        });
        assertTrue(steps > 5, "the trace should take several mixed steps, took " + steps);
        assertEquals(9, alloc.freePages());
    }

    /** The same steps through a head-major node and a token-major one, each over a cache of its own. */
    @Test
    void aTokenMajorNodeComputesTheHeadMajorNodesValuesInItsLayout() {
        headDim = 8;
        Scheduler scheduler = mixedTrace(new PageAllocator(9, 3));
        KvStore headMajorPages = KvStore.create("f32", 9, 3);
        KvStore tokenMajorPages = KvStore.create("f32", 9, 3);
        int steps = eachStep(scheduler, (step, total, q, k, v) -> {
            Tensor headMajor = run(attentionNode(headDim, false), headMajorPages, step, tensor(q, Q_HEADS, total),
                    tensor(k, KV_HEADS, total), tensor(v, KV_HEADS, total));
            Tensor tokenMajor = run(attentionNode(headDim, true), tokenMajorPages, step,
                    tokenMajor(q, Q_HEADS, total), tokenMajor(k, KV_HEADS, total), tokenMajor(v, KV_HEADS, total));
            assertArrayEquals(new int[] {1, total, Q_HEADS, headDim}, tokenMajor.shape());
            assertArrayEquals(tokenMajor(headMajor.floats(), Q_HEADS, total).floats(), tokenMajor.floats());
        });
        assertTrue(steps > 5, "the trace should take several mixed steps, took " + steps);
    }

    @Test
    void aTokenMajorNodeRefusesHeadMajorInputsNamingTheShapeItTakes() {
        Step step = new Step(List.of(new Chunk(0, new int[3], 0, true, new int[] {0})));
        Tensor headMajor = Tensor.zeros(DType.FLOAT32, 1, Q_HEADS, 3, 8);
        OpException e = assertThrows(OpException.class, () -> run(attentionNode(8, true), KvStore.create("f32", 1, 3),
                step, headMajor, headMajor, headMajor));
        assertEquals("Q has shape [1, 6, 3, 8], expected [1, 3, 6, 8] for this step", e.getMessage());
    }

    /** Four requests of mixed prompt lengths in steps of at most 7 tokens: chunked prefill mixed with decode. */
    private static Scheduler mixedTrace(PageAllocator pages) {
        Scheduler scheduler = new Scheduler(pages, new SchedulerConfig(7, 3));
        int[] promptLengths = {4, 11, 1, 6};
        for (int id = 0; id < promptLengths.length; id++) {
            scheduler.submit(new GenerationRequest(id, new int[promptLengths[id]], 4));
        }
        return scheduler;
    }

    /** What a test does with one step and its random head-major q, k and v. */
    private interface StepCheck {
        void check(Step step, int total, float[] q, float[] k, float[] v);
    }

    /** Runs the scheduler's steps to the end, each with fresh random inputs; gives how many there were. */
    private int eachStep(Scheduler scheduler, StepCheck check) {
        int steps = 0;
        for (Optional<Step> s = scheduler.next(); s.isPresent(); s = scheduler.next(), steps++) {
            Step step = s.get();
            int total = step.totalTokens();
            check.check(step, total, randoms(Q_HEADS * total * headDim), randoms(KV_HEADS * total * headDim),
                    randoms(KV_HEADS * total * headDim));
            scheduler.complete(step, new int[step.samplingChunks()]);
        }
        return steps;
    }

    private static Tensor run(Node node, KvStore pages, Step step, Tensor q, Tensor k, Tensor v) {
        return ScopedValue.where(PagedStep.CURRENT, PagedStep.of(pages, step)).call(() ->
                new PagedAttention().execute(new ExecutionContext(node, List.of(q, k, v))).getFirst());
    }

    /** {@code (1, heads, total, headDim)} values as a {@code (1, total, heads, headDim)} tensor. */
    private Tensor tokenMajor(float[] headMajor, int heads, int total) {
        float[] out = new float[headMajor.length];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < total; t++) {
                System.arraycopy(headMajor, (h * total + t) * headDim, out, (t * heads + h) * headDim, headDim);
            }
        }
        return Tensor.ofFloats(new int[] {1, total, heads, headDim}, out);
    }

    @Test
    void refusesToRunOutsideAStep() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1);
        OpException e = assertThrows(OpException.class, () -> new PagedAttention().execute(
                new ExecutionContext(attentionNode(1), List.of(t, t, t))));
        assertEquals("PagedAttention runs only inside a serving step, with a KV cache bound", e.getMessage());
    }

    private void recordHistory(Step step, float[] k, float[] v) {
        int[] indptr = step.qoIndptr();
        int total = step.totalTokens();
        for (int r = 0; r < step.chunks().size(); r++) {
            int id = step.chunks().get(r).request();
            for (int row = indptr[r]; row < indptr[r + 1]; row++) {
                keys.computeIfAbsent(id, x -> new ArrayList<>()).add(headsOf(k, KV_HEADS, total, row));
                values.computeIfAbsent(id, x -> new ArrayList<>()).add(headsOf(v, KV_HEADS, total, row));
            }
        }
    }

    private void checkAgainstDense(Step step, float[] q, float[] out) {
        int[] indptr = step.qoIndptr();
        int total = step.totalTokens();
        for (int r = 0; r < step.chunks().size(); r++) {
            Chunk c = step.chunks().get(r);
            for (int i = 0; i < c.tokens().length; i++) {
                int row = indptr[r] + i;
                float[][] qRow = headsOf(q, Q_HEADS, total, row);
                float[][] oRow = headsOf(out, Q_HEADS, total, row);
                for (int h = 0; h < Q_HEADS; h++) {
                    double[] expected = dense(qRow[h], c.request(), h / (Q_HEADS / KV_HEADS), c.start() + i);
                    for (int e = 0; e < headDim; e++) {
                        assertEquals(expected[e], oRow[h][e], 1e-5, "request " + c.request() + " position "
                                + (c.start() + i) + " head " + h);
                    }
                }
            }
        }
    }

    private double[] dense(float[] q, int request, int kvHead, int position) {
        double[] s = new double[position + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= position; t++) {
            float[] key = keys.get(request).get(t)[kvHead];
            for (int e = 0; e < headDim; e++) {
                s[t] += (double) q[e] * key[e];
            }
            s[t] *= SCALE;
            max = Math.max(max, s[t]);
        }
        double sum = 0;
        double[] o = new double[headDim];
        for (int t = 0; t <= position; t++) {
            double p = Math.exp(s[t] - max);
            sum += p;
            for (int e = 0; e < headDim; e++) {
                o[e] += p * values.get(request).get(t)[kvHead][e];
            }
        }
        for (int e = 0; e < headDim; e++) {
            o[e] /= sum;
        }
        return o;
    }

    /** Row {@code row} of a {@code (1, heads, total, headDim)} tensor, per head. */
    private float[][] headsOf(float[] data, int heads, int total, int row) {
        float[][] out = new float[heads][headDim];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(data, (h * total + row) * headDim, out[h], 0, headDim);
        }
        return out;
    }

    /** Gaussian values, already rounded to the store's dtype so the dense reference sees what the cache holds. */
    private float[] randoms(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
            if (rounding != null) {
                a[i] = rounding.decode(rounding.encode(a[i]));
            }
        }
        return a;
    }

    private Tensor tensor(float[] data, int heads, int total) {
        return Tensor.ofFloats(new int[] {1, heads, total, headDim}, data);
    }

    private static Node attentionNode(int headDim) {
        return attentionNode(headDim, false);
    }

    private static Node attentionNode(int headDim, boolean tokenMajor) {
        Graph g = new Graph("t");
        TensorType any = TensorType.of(DType.FLOAT32, Dim.of(1), Dim.UNKNOWN, Dim.UNKNOWN, Dim.of(headDim));
        Attributes a = Attributes.NONE.with("scale", new Attribute.Float(SCALE))
                .with("q_heads", new Attribute.Int(Q_HEADS)).with("kv_heads", new Attribute.Int(KV_HEADS))
                .with("head_dim", new Attribute.Int(headDim)).with("token_major", new Attribute.Int(tokenMajor ? 1 : 0));
        return g.addNode(PagedAttention.NAME, a, g.addInput("q", any), g.addInput("k", any), g.addInput("v", any));
    }
}
