package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Attribute;
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
import org.junit.jupiter.api.Test;

/**
 * Runs PagedAttention through whole scheduled generations (chunked prefill mixed with
 * decode, grouped heads, odd sizes) and compares every output row with dense causal
 * attention over that request's full key and value history.
 */
class PagedAttentionTest {
    private static final int Q_HEADS = 6;
    private static final int KV_HEADS = 2;
    private static final int HEAD_DIM = 5;
    private static final float SCALE = 0.37f;

    private final Random random = new Random(17);
    private final Map<Integer, List<float[][]>> keys = new HashMap<>();
    private final Map<Integer, List<float[][]>> values = new HashMap<>();

    @Test
    void matchesDenseCausalAttentionOverEachRequestsHistory() {
        PageAllocator alloc = new PageAllocator(9, 3);
        Scheduler scheduler = new Scheduler(alloc, new SchedulerConfig(7, 3));
        int[] promptLengths = {4, 11, 1, 6};
        for (int id = 0; id < promptLengths.length; id++) {
            scheduler.submit(new GenerationRequest(id, new int[promptLengths[id]], 4));
        }
        KvPages pages = new KvPages(9, 3);
        Node node = attentionNode();
        int steps = 0;
        for (Optional<Step> s = scheduler.next(); s.isPresent(); s = scheduler.next(), steps++) {
            Step step = s.get();
            int total = step.totalTokens();
            float[] q = randoms(Q_HEADS * total * HEAD_DIM);
            float[] k = randoms(KV_HEADS * total * HEAD_DIM);
            float[] v = randoms(KV_HEADS * total * HEAD_DIM);
            recordHistory(step, k, v);
            Tensor out = ScopedValue.where(PagedStep.CURRENT, PagedStep.of(pages, step)).call(() ->
                    new PagedAttention().execute(new ExecutionContext(node, List.of(
                            tensor(q, Q_HEADS, total), tensor(k, KV_HEADS, total), tensor(v, KV_HEADS, total))))
                            .getFirst());
            checkAgainstDense(step, q, out.floats());
            scheduler.complete(step, new int[step.samplingChunks()]);
        }
        assertTrue(steps > 5, "the trace should take several mixed steps, took " + steps);
        assertEquals(9, alloc.freePages());
    }

    @Test
    void refusesToRunOutsideAStep() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1);
        OpException e = assertThrows(OpException.class, () -> new PagedAttention().execute(
                new ExecutionContext(attentionNode(), List.of(t, t, t))));
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
                    for (int e = 0; e < HEAD_DIM; e++) {
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
            for (int e = 0; e < HEAD_DIM; e++) {
                s[t] += (double) q[e] * key[e];
            }
            s[t] *= SCALE;
            max = Math.max(max, s[t]);
        }
        double sum = 0;
        double[] o = new double[HEAD_DIM];
        for (int t = 0; t <= position; t++) {
            double p = Math.exp(s[t] - max);
            sum += p;
            for (int e = 0; e < HEAD_DIM; e++) {
                o[e] += p * values.get(request).get(t)[kvHead][e];
            }
        }
        for (int e = 0; e < HEAD_DIM; e++) {
            o[e] /= sum;
        }
        return o;
    }

    /** Row {@code row} of a {@code (1, heads, total, HEAD_DIM)} tensor, per head. */
    private static float[][] headsOf(float[] data, int heads, int total, int row) {
        float[][] out = new float[heads][HEAD_DIM];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(data, (h * total + row) * HEAD_DIM, out[h], 0, HEAD_DIM);
        }
        return out;
    }

    private float[] randoms(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    private static Tensor tensor(float[] data, int heads, int total) {
        return Tensor.ofFloats(new int[] {1, heads, total, HEAD_DIM}, data);
    }

    private static Node attentionNode() {
        Graph g = new Graph("t");
        TensorType any = TensorType.of(DType.FLOAT32, Dim.of(1), Dim.UNKNOWN, Dim.UNKNOWN, Dim.of(HEAD_DIM));
        Attributes a = Attributes.NONE.with("scale", new Attribute.Float(SCALE))
                .with("q_heads", new Attribute.Int(Q_HEADS)).with("kv_heads", new Attribute.Int(KV_HEADS))
                .with("head_dim", new Attribute.Int(HEAD_DIM));
        return g.addNode(PagedAttention.NAME, a, g.addInput("q", any), g.addInput("k", any), g.addInput("v", any));
    }
}
