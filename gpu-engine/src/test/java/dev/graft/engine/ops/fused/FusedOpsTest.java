package dev.graft.engine.ops.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each fused op against a naive reference written from its contract, on odd sizes. */
class FusedOpsTest {
    private final Random random = new Random(7);

    private Tensor random(int... shape) {
        float[] data = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.ofFloats(shape, data);
    }

    /** Runs one node of {@code op} over {@code inputs} (null: absent) after type inference; returns its output. */
    private static Tensor run(String op, Map<String, Attribute> attributes, Tensor... inputs) {
        Graph g = new Graph("t");
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            values.add(inputs[i] == null ? null : g.addInput("in" + i, new TensorType(inputs[i].dtype(),
                    dev.graft.engine.graph.Shape.of(inputs[i].shape()))));
        }
        Node n = g.addNode("n", "", op, new Attributes(attributes), values, List.of("out"));
        g.addOutput(n.output(0));
        TypeInference.run(g);
        Tensor out = OpRegistry.get().find("", op).execute(new ExecutionContext(n, Arrays.asList(inputs))).getFirst();
        assertArrayEquals(n.output(0).type().shape().toInts(), out.shape(), "inferred shape = computed shape");
        return out;
    }

    private static Map<String, Attribute> attention(double scale, int causal, int hq, int hkv, int d) {
        return Map.of("scale", new Attribute.Float((float) scale), "causal", new Attribute.Int(causal),
                "q_heads", new Attribute.Int(hq), "kv_heads", new Attribute.Int(hkv), "head_dim", new Attribute.Int(d));
    }

    private static float[] referenceAttention(Tensor q, Tensor k, Tensor v, Tensor mask, double scale, boolean causal) {
        int b = q.dim(0), hq = q.dim(1), sq = q.dim(2), d = q.dim(3), hkv = k.dim(1), skv = k.dim(2);
        float[] out = new float[b * hq * sq * d];
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < hq; h++) {
                int kh = h / (hq / hkv);
                for (int i = 0; i < sq; i++) {
                    double[] w = new double[skv];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < skv; j++) {
                        double s = Double.NEGATIVE_INFINITY;
                        if (!causal || j <= i + (skv - sq)) {
                            s = 0;
                            for (int x = 0; x < d; x++) {
                                s += q.getDouble(((bi * hq + h) * sq + i) * d + x) * k.getDouble(((bi * hkv + kh) * skv + j) * d + x);
                            }
                            s = s * scale + (mask == null ? 0 : mask.getDouble(i * skv + j));
                        }
                        w[j] = s;
                        max = Math.max(max, s);
                    }
                    double sum = 0;
                    for (int j = 0; j < skv; j++) {
                        w[j] = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(w[j] - max);
                        sum += w[j];
                    }
                    for (int x = 0; x < d; x++) {
                        double acc = 0;
                        for (int j = 0; j < skv; j++) {
                            acc += w[j] * v.getDouble(((bi * hkv + kh) * skv + j) * d + x);
                        }
                        out[((bi * hq + h) * sq + i) * d + x] = sum == 0 ? 0 : (float) (acc / sum);
                    }
                }
            }
        }
        return out;
    }

    private static void close(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "element " + i);
        }
    }

    @Test
    void attentionWithGroupedHeadsAndBroadcastMask() {
        Tensor q = random(2, 6, 5, 7);
        Tensor k = random(2, 2, 9, 7);
        Tensor v = random(2, 2, 9, 7);
        Tensor mask = random(1, 1, 5, 9);
        Tensor out = run("FusedAttention", attention(0.3, 0, 6, 2, 7), q, k, v, mask);
        close(referenceAttention(q, k, v, mask, 0.3, false), out.floats(), 1e-5);
    }

    @Test
    void causalAttentionAlignsTheLastQueryWithTheLastKey() {
        Tensor q = random(1, 3, 4, 5);
        Tensor k = random(1, 3, 11, 5);
        Tensor v = random(1, 3, 11, 5);
        Tensor out = run("FusedAttention", attention(0.5, 1, 3, 3, 5), q, k, v);
        close(referenceAttention(q, k, v, null, 0.5, true), out.floats(), 1e-5);
    }

    @Test
    void aQueryThatSeesNoKeyGetsZeros() {
        Tensor q = random(1, 1, 5, 3);
        Tensor k = random(1, 1, 2, 3);
        Tensor v = random(1, 1, 2, 3);
        Tensor out = run("FusedAttention", attention(1, 1, 1, 1, 3), q, k, v);
        for (int x = 0; x < 3 * 3; x++) {
            assertEquals(0f, out.floats()[x], "queries 0..2 see no key when sq - skv = 3");
        }
        assertTrue(out.floats()[3 * 3] != 0f);
    }

    @Test
    void attentionAttributesMustAgreeWithShapes() {
        Tensor q = random(1, 4, 2, 8);
        Tensor kv = random(1, 2, 2, 8);
        UserError e = assertThrows(UserError.class, () -> run("FusedAttention", attention(1, 0, 4, 4, 8), q, kv, kv));
        assertTrue(e.getMessage().contains("kv_heads=4 but the input has 2"), e.getMessage());
        e = assertThrows(UserError.class, () -> run("FusedAttention", attention(1, 0, 4, 2, 8), q, kv, kv, random(3, 2, 2)));
        assertTrue(e.getMessage().contains("broadcast"), e.getMessage());
    }

    @Test
    void rmsNormAndLayerNormOverTheLastAxis() {
        Tensor x = random(3, 4, 13);
        Tensor w = random(13);
        Tensor b = random(13);
        Map<String, Attribute> eps = Map.of("epsilon", new Attribute.Float(1e-5f));
        float[] rms = run("FusedRMSNorm", eps, x, w).floats();
        float[] ln = run("FusedLayerNorm", eps, x, w, b).floats();
        for (int row = 0; row < 12; row++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < 13; i++) {
                mean += x.getDouble(row * 13 + i) / 13;
                sq += x.getDouble(row * 13 + i) * x.getDouble(row * 13 + i) / 13;
            }
            double var = sq - mean * mean;
            for (int i = 0; i < 13; i++) {
                double xi = x.getDouble(row * 13 + i);
                assertEquals(xi / Math.sqrt(sq + 1e-5) * w.getDouble(i), rms[row * 13 + i], 1e-5);
                assertEquals((xi - mean) / Math.sqrt(var + 1e-5) * w.getDouble(i) + b.getDouble(i), ln[row * 13 + i], 1e-4);
            }
        }
        assertThrows(UserError.class, () -> run("FusedRMSNorm", eps, x, random(12)));
    }

    @Test
    void rotaryRotatesHalves() {
        Tensor x = random(2, 3, 5, 6);
        Tensor cos = random(1, 1, 5, 6);
        Tensor sin = random(1, 1, 5, 6);
        float[] out = run("FusedRotary", Map.of(), x, cos, sin).floats();
        for (int i = 0; i < out.length; i++) {
            int pos = i % 6;
            int s = (i / 6) % 5;
            double rotated = pos < 3 ? -x.getDouble(i + 3) : x.getDouble(i - 3);
            double expected = x.getDouble(i) * cos.getDouble(s * 6 + pos) + rotated * sin.getDouble(s * 6 + pos);
            assertEquals(expected, out[i], 1e-5);
        }
        assertThrows(UserError.class, () -> run("FusedRotary", Map.of(), random(2, 5), random(5), random(5)));
    }

    @Test
    void swigluGeluAndMatMulBias() {
        Tensor g = random(3, 17);
        Tensor u = random(3, 17);
        float[] sw = run("FusedSwiGLU", Map.of(), g, u).floats();
        float[] ge = run("FusedGelu", Map.of(), g).floats();
        float[] exact = run("FusedGelu", Map.of("approximate", new Attribute.Str("none")), g).floats();
        for (int i = 0; i < sw.length; i++) {
            double x = g.getDouble(i);
            assertEquals(x / (1 + Math.exp(-x)) * u.getDouble(i), sw[i], 1e-5);
            assertEquals(0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), ge[i], 1e-5);
            // exact GELU is x * Phi(x), Phi the standard normal CDF
            assertEquals(x * standardNormalCdf(x), exact[i], 1e-5);
        }
        assertThrows(UserError.class, () -> run("FusedGelu", Map.of("approximate", new Attribute.Str("fast")), g));
        Tensor a = random(2, 3, 5);
        Tensor b = random(5, 7);
        Tensor bias = random(7);
        float[] mb = run("FusedMatMulBias", Map.of(), a, b, bias).floats();
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 7; c++) {
                double acc = bias.getDouble(c);
                for (int k = 0; k < 5; k++) {
                    acc += a.getDouble(r * 5 + k) * b.getDouble(k * 7 + c);
                }
                assertEquals(acc, mb[r * 7 + c], 1e-4);
            }
        }
        assertThrows(UserError.class, () -> run("FusedMatMulBias", Map.of(), a, b, random(5)));
    }

    /** Phi(x) = 1/2 + the integral of the normal density from 0 to x, by Simpson's rule: a reference independent of erf. */
    private static double standardNormalCdf(double x) {
        int n = 2000;
        double h = x / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double weight = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * Math.exp(-t * t / 2);
        }
        return 0.5 + sum * h / 3 / Math.sqrt(2 * Math.PI);
    }

    @Test
    void fusedOpsKeepFloatTypes() {
        assertThrows(UserError.class, () -> run("FusedGelu", Map.of(),
                Tensor.ofLongs(DType.INT64, new int[] {2}, 1, 2)));
    }
}
