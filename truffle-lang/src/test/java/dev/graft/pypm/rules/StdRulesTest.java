package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.engine.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The standard rules on forms the two models do not contain (torch's SDPA export,
 * decomposed norms, biases, ops of newer opsets): each rule fires, and translation
 * validation shows the rewritten graph computes what the original did.
 */
class StdRulesTest {
    private static final RuleSet STD = RuleLoader.load("std", KnownOps.standard());
    private static final Backend CPU = Backends.named("cpu");

    /** {@code {a, b, ...}}: n reproducible weights for an initializer. */
    private static String weights(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", r.nextGaussian()));
        }
        return out.append('}').toString();
    }

    private static Map<String, Integer> ops(Graph g) {
        Map<String, Integer> ops = new TreeMap<>();
        g.nodes().forEach(n -> ops.merge(n.op(), 1, Integer::sum));
        return ops;
    }

    /**
     * RMSNorm in float32 between casts of a float16 x, the weight float16 after the cast
     * down; a file, because the launcher's validate test reads the same graph.
     */
    private static final String HALF_RMS_NORM = fixture("half-rms-norm.graft");

    private static String fixture(String name) {
        try (var in = StdRulesTest.class.getResourceAsStream("/rules/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites a copy of the graph; checks the rules that fired, the fused ops made, and the outputs. */
    private static Graph rewriteAndValidate(String text, Map<String, Integer> fired, Map<String, Integer> fused) {
        Graph original = RuleEngineTest.graph(text);
        Graph g = original.copy();
        RewriteReport report = new RuleEngine(STD).rewrite(g);
        assertTrue(report.refusals().isEmpty() && report.problems().isEmpty(), report.format());
        fired.forEach((rule, n) -> assertEquals(n, report.counts().getOrDefault(rule, 0), rule + "\n" + report.format()));
        Map<String, Integer> ops = ops(g);
        fused.forEach((op, n) -> assertEquals(n, ops.getOrDefault(op, 0), op + " in " + ops));
        for (long seed = 1; seed <= 3; seed++) {
            Map<String, Double> diffs = TranslationValidation.maxDifferences(original, g, CPU, seed);
            for (Value out : original.outputs()) {
                double diff = diffs.get(out.name());
                assertTrue(diff <= TranslationValidation.defaultTolerance(out.type().dtype()),
                        out + " moved by " + diff + "\n" + report.format());
            }
        }
        return g;
    }

    @Test
    void torchSdpaExportWithSqrtScalesFlatTransposeMaskAndDropout() {
        Graph g = rewriteAndValidate("""
                graph sdpa
                input q : f32[batch,2,3,4]
                input k : f32[batch,2,3,4]
                input v : f32[batch,2,3,4]
                input mask : f32[1,1,3,3]
                init flat : i64[3] = {-1, 3, 4}
                init back : i64[4] = {-1, 2, 4, 3}
                init half : f32[] = {0.70710677}
                node r1 = Reshape(k, flat) -> kf
                node t1 = Transpose(kf) {perm = [0, 2, 1]} -> kft
                node r2 = Reshape(kft, back) -> kt
                node mq = Mul(q, half) -> qs
                node mk = Mul(kt, half) -> kts
                node mm = MatMul(qs, kts) -> scores
                node am = Add(scores, mask) -> masked
                node sm = Softmax(masked) {axis = -1} -> p
                node dr = Dropout(p) -> pd
                node o = MatMul(pd, v) -> out
                output out
                """, Map.of("attention", 1, "flat_transpose", 1, "transpose_cancel", 1),
                Map.of("FusedAttention", 1, "Transpose", 0, "Softmax", 0, "Reshape", 0));
        Node fa = g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).findFirst().orElseThrow();
        assertEquals(0.5, fa.attributes().getFloat("scale", 0), 1e-6);
        assertEquals("k", fa.input(1).name(), "K reaches the kernel as the exporter computed it");
    }

    @Test
    void divisionScaledAttentionWithoutMaskAndLongerKeys() {
        Graph g = rewriteAndValidate("""
                graph div
                input q : f32[2,2,3,4]
                input k : f32[2,2,5,4]
                input v : f32[2,2,5,4]
                init d : f32[] = {2.0}
                node t = Transpose(k) {perm = [0, 1, 3, 2]} -> kt
                node mm = MatMul(q, kt) -> s
                node dv = Div(s, d) -> sd
                node sm = Softmax(sd) {axis = 3} -> p
                node o = MatMul(p, v) -> out
                output out
                """, Map.of("attention", 1), Map.of("FusedAttention", 1, "Transpose", 0));
        Node fa = g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).findFirst().orElseThrow();
        assertEquals(0.5, fa.attributes().getFloat("scale", 0), 1e-6);
        assertEquals(3, fa.inputs().size(), "no mask input");
    }

    @Test
    void sdpaIsCausalMaskFromShapesBecomesTheCausalFlag() {
        Graph g = rewriteAndValidate("""
                graph causal
                input q : f32[2,2,5,4]
                input k : f32[2,2,5,4]
                input v : f32[2,2,5,4]
                init one : f32[] = {1.0}
                init zero : f32[] = {0.0}
                init ninf : f32[] = {-1e38}
                init scale : f32[] = {0.5}
                node sq = Shape(q) {start = -2, end = -1} -> qlen
                node sk = Shape(k) {start = -2, end = -1} -> klen
                node cc = Concat(qlen, klen) {axis = 0} -> size
                node ex = Expand(one, size) -> ones
                node tr = Trilu(ones) {upper = 0} -> lower
                node eq = Equal(lower, zero) -> above
                node wh = Where(above, ninf, zero) -> mask
                node t = Transpose(k) {perm = [0, 1, 3, 2]} -> kt
                node mm = MatMul(q, kt) -> s
                node ms = Mul(s, scale) -> ss
                node am = Add(ss, mask) -> masked
                node sm = Softmax(masked) {axis = -1} -> p
                node o = MatMul(p, v) -> out
                output out
                """, Map.of("attention", 1, "attention_causal_trilu", 1), Map.of("FusedAttention", 1, "Trilu", 0));
        Node fa = g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).findFirst().orElseThrow();
        assertEquals(1, fa.attributes().getInt("causal", 0));
        assertEquals(3, fa.inputs().size(), "the mask is gone");
    }

    @Test
    void queryScaledAloneWithTheMaskFirst() {
        Graph g = rewriteAndValidate("""
                graph qscaled
                input q : f32[1,4,6,8]
                input k : f32[1,4,6,8]
                input v : f32[1,4,6,8]
                input mask : f32[1,1,6,6]
                init s : f32[] = {0.35355339}
                node mq = Mul(s, q) -> qs
                node t = Transpose(k) {perm = [0, 1, 3, 2]} -> kt
                node mm = MatMul(qs, kt) -> scores
                node am = Add(mask, scores) -> masked
                node sm = Softmax(masked) {axis = -1} -> p
                node o = MatMul(p, v) -> out
                output out
                """, Map.of("attention", 1), Map.of("FusedAttention", 1, "Transpose", 0, "Mul", 0));
        Node fa = g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).findFirst().orElseThrow();
        assertEquals(0.35355339, fa.attributes().getFloat("scale", 0), 1e-6);
        assertEquals("q", fa.input(0).name());
    }

    @Test
    void decomposedLayerNormWithTheAxesInput() {
        rewriteAndValidate("""
                graph ln
                input x : f32[2,3,6]
                init ax : i64[1] = {-1}
                init two : f32[] = {2.0}
                init eps : f32[] = {0.00001}
                init w : f32[6] = %s
                init b : f32[6] = %s
                node m = ReduceMean(x, ax) {keepdims = 1} -> mean
                node c = Sub(x, mean) -> xc
                node p = Pow(xc, two) -> sq
                node v = ReduceMean(sq, ax) {keepdims = 1} -> var
                node a = Add(var, eps) -> ve
                node s = Sqrt(ve) -> sd
                node dv = Div(xc, sd) -> n
                node mw = Mul(n, w) -> nw
                node ab = Add(nw, b) -> y
                output y
                """.formatted(weights(6, 1), weights(6, 2)), Map.of("layer_norm", 1),
                Map.of("FusedLayerNorm", 1, "ReduceMean", 0));
    }

    @Test
    void rmsNormAsAQuotientWithTheAxesAttributeAndTheRmsNormalizationOp() {
        rewriteAndValidate("""
                graph rms
                input x : f32[2,3,6]
                init w : f32[6] = %s
                init eps : f32[] = {0.000001}
                node sq = Mul(x, x) -> x2
                node m = ReduceMean(x2) {axes = [-1]} -> ms
                node a = Add(eps, ms) -> mse
                node s = Sqrt(mse) -> rms
                node d = Div(x, rms) -> n
                node mw = Mul(w, n) -> y
                node op = RMSNormalization(y, w) {epsilon = 0.0001} -> z
                output z
                """.formatted(weights(6, 3)), Map.of("rms_norm", 1, "rms_norm_op", 1),
                Map.of("FusedRMSNorm", 2, "ReduceMean", 0));
    }

    @Test
    void matmulPlusBiasAndGemmWithATransposedWeight() {
        rewriteAndValidate("""
                graph lin
                input x : f32[2,3,4]
                input x2 : f32[3,4]
                init w : f32[4,5] = %s
                init b : f32[5] = %s
                init wt : f32[5,4] = %s
                node mm = MatMul(x, w) -> xw
                node ab = Add(b, xw) -> y
                node g = Gemm(x2, wt, b) {transB = 1} -> z
                node g2 = Gemm(x2, w, b) -> u
                output y
                output z
                output u
                """.formatted(weights(20, 4), weights(5, 5), weights(20, 6)),
                Map.of("matmul_bias", 1, "gemm_bias_transposed", 1, "gemm_bias", 1), Map.of("FusedMatMulBias", 3));
    }

    @Test
    void theGeluOpAndEveryGroupingOfTheTanhFormulaMeanTheSame() {
        String decomposed = """
                graph gelu
                input x : f32[3,7]
                init half : f32[] = {0.5}
                init three : f32[] = {3.0}
                init c : f32[] = {0.044715}
                init k : f32[] = {0.7978846}
                init one : f32[] = {1.0}
                node p = Pow(x, three) -> x3
                node m1 = Mul(c, x3) -> cx3
                node a1 = Add(x, cx3) -> inner
                node m2 = Mul(k, inner) -> scaled
                node t = Tanh(scaled) -> th
                node a2 = Add(th, one) -> opt
                node m3 = Mul(x, opt) -> xo
                node m4 = Mul(half, xo) -> y
                output y
                """;
        Node fused = only(rewriteAndValidate(decomposed, Map.of("gelu_tanh", 1), Map.of("FusedGelu", 1, "Tanh", 0)),
                "FusedGelu");
        assertEquals("tanh", fused.attributes().getString("approximate", ""));
        Graph op = RuleEngineTest.graph("""
                graph gelu
                input x : f32[3,7]
                node g = Gelu(x) {approximate = "tanh"} -> y
                output y
                """);
        RewriteReport report = new RuleEngine(STD).rewrite(op);
        assertEquals(1, report.counts().get("gelu_op"), report.format());
        TranslationValidation.maxDifferences(RuleEngineTest.graph(decomposed), op, CPU, 7)
                .forEach((out, diff) -> assertTrue(diff < 1e-5, out + " moved by " + diff));
    }

    private static Node only(Graph g, String op) {
        List<Node> found = g.nodes().stream().filter(n -> n.op().equals(op)).toList();
        assertEquals(1, found.size(), op + " in " + ops(g));
        return found.get(0);
    }

    /** nn.GELU() as the TorchScript exporter writes it: x / sqrt(2), Erf, + 1, times x, times 0.5. */
    private static final String EXACT_GELU = """
            graph gelu
            input x : f32[3,7]
            init sqrt2 : f32[] = {1.4142135}
            init one : f32[] = {1.0}
            init half : f32[] = {0.5}
            node d = Div(x, sqrt2) -> xs
            node e = Erf(xs) -> er
            node a = Add(er, one) -> opt
            node m1 = Mul(x, opt) -> xo
            node m2 = Mul(xo, half) -> y
            output y
            """;

    @Test
    void exactGeluInTheExportersFormsAndTheGeluOpBecomeFusedGeluWithoutApproximation() {
        Node fused = only(rewriteAndValidate(EXACT_GELU, Map.of("gelu_exact", 1), Map.of("FusedGelu", 1, "Erf", 0)),
                "FusedGelu");
        assertEquals("none", fused.attributes().getString("approximate", ""));
        // onnxscript's form: the 1/sqrt(2) as a product, 0.5 first, the half grouped with the sum
        rewriteAndValidate("""
                graph gelu2
                input x : f32[2,5]
                init isqrt2 : f32[] = {0.70710677}
                init one : f32[] = {1.0}
                init half : f32[] = {0.5}
                node d = Mul(isqrt2, x) -> xs
                node e = Erf(xs) -> er
                node a = Add(one, er) -> opt
                node m1 = Mul(half, opt) -> ho
                node m2 = Mul(x, ho) -> y
                output y
                """, Map.of("gelu_exact", 1), Map.of("FusedGelu", 1, "Erf", 0, "Mul", 0));
        Graph op = RuleEngineTest.graph("""
                graph gelu
                input x : f32[3,7]
                node g = Gelu(x) -> y
                output y
                """);
        RewriteReport report = new RuleEngine(STD).rewrite(op);
        assertEquals(1, report.counts().get("gelu_op"), report.format());
        assertEquals("none", only(op, "FusedGelu").attributes().getString("approximate", ""));
        TranslationValidation.maxDifferences(RuleEngineTest.graph(EXACT_GELU), op, CPU, 7)
                .forEach((out, diff) -> assertTrue(diff < 1e-5, out + " moved by " + diff));
    }

    @Test
    void aScaleThatIsNotOneOverSqrtTwoIsNoGelu() {
        Graph g = RuleEngineTest.graph(EXACT_GELU.replace("{1.4142135}", "{1.5}"));
        RewriteReport report = new RuleEngine(STD).rewrite(g);
        assertEquals(0, report.counts().getOrDefault("gelu_exact", 0), report.format());
        assertEquals(1, ops(g).get("Erf"));
    }

    @Test
    void halfPrecisionRmsNormBetweenCastsTakesTheCastsIntoTheFusedNode() {
        Graph g = rewriteAndValidate(HALF_RMS_NORM, Map.of("rms_norm", 1), Map.of("FusedRMSNorm", 1, "Cast", 0));
        Node norm = only(g, "FusedRMSNorm");
        assertEquals("x", norm.input(0).name(), "the float16 input itself");
        assertEquals(DType.FLOAT16, norm.output(0).type().dtype());
    }

    @Test
    void halfPrecisionRmsNormWithAFloat32WeightKeepsTheCastsOutside() {
        Graph g = rewriteAndValidate("""
                graph half_rms_w32
                input x : f16[2,3,6]
                init w : f32[6] = %s
                init two : f32[] = {2.0}
                init eps : f32[] = {0.000001}
                init ax : i64[1] = {-1}
                node up = Cast(x) {to = 1} -> x32
                node p = Pow(x32, two) -> sq
                node m = ReduceMean(sq, ax) {keepdims = 1} -> ms
                node a = Add(ms, eps) -> mse
                node s = Sqrt(mse) -> rms
                node r = Reciprocal(rms) -> inv
                node n = Mul(x32, inv) -> n32
                node mw = Mul(w, n32) -> y32
                node down = Cast(y32) {to = 10} -> y
                output y
                """.formatted(weights(6, 9)), Map.of("rms_norm", 1), Map.of("FusedRMSNorm", 1, "Cast", 2));
        assertEquals(DType.FLOAT32, only(g, "FusedRMSNorm").output(0).type().dtype());
    }

    @Test
    void halfPrecisionLayerNormDecomposedAndAsTheOpBetweenCasts() {
        Graph g = rewriteAndValidate("""
                graph half_ln
                input x : f16[2,3,6]
                init ax : i64[1] = {-1}
                init two : f32[] = {2.0}
                init eps : f32[] = {0.00001}
                init w : f16[6] = %s
                init b : f16[6] = %s
                init w32 : f32[6] = %s
                init b32 : f32[6] = %s
                node up = Cast(x) {to = 1} -> x32
                node m = ReduceMean(x32, ax) {keepdims = 1} -> mean
                node c = Sub(x32, mean) -> xc
                node p = Pow(xc, two) -> sq
                node v = ReduceMean(sq, ax) {keepdims = 1} -> var
                node a = Add(var, eps) -> ve
                node s = Sqrt(ve) -> sd
                node dv = Div(xc, sd) -> n
                node down = Cast(n) {to = 10} -> n16
                node mw = Mul(n16, w) -> nw
                node ab = Add(nw, b) -> y
                node up2 = Cast(y) {to = 1} -> y32
                node ln = LayerNormalization(y32, w32, b32) {axis = -1, epsilon = 0.00001} -> z32
                node down2 = Cast(z32) {to = 10} -> z
                output z
                """.formatted(weights(6, 10), weights(6, 11), weights(6, 12), weights(6, 13)),
                Map.of("layer_norm", 1, "layer_norm_op", 1), Map.of("FusedLayerNorm", 2, "ReduceMean", 0, "Cast", 2));
        List<Node> norms = g.nodes().stream().filter(n -> n.op().equals("FusedLayerNorm")).toList();
        assertEquals(List.of(DType.FLOAT32, DType.FLOAT16), norms.stream().map(n -> n.input(0).type().dtype()).sorted().toList(),
                "the decomposed norm takes the float16 x; the op with float32 weights keeps its casts outside");
    }

    @Test
    void halfPrecisionAttentionWithTheSoftmaxInFloat32() {
        Graph g = rewriteAndValidate("""
                graph half_sdpa
                input q : f16[1,2,4,8]
                input k : f16[1,2,4,8]
                input v : f16[1,2,4,8]
                input mask : f16[1,1,4,4]
                init s : f16[] = {0.35355339}
                node t = Transpose(k) {perm = [0, 1, 3, 2]} -> kt
                node mm = MatMul(q, kt) -> scores
                node ms = Mul(scores, s) -> ss
                node am = Add(ss, mask) -> masked
                node up = Cast(masked) {to = 1} -> m32
                node sm = Softmax(m32) {axis = -1} -> p32
                node down = Cast(p32) {to = 10} -> p
                node o = MatMul(p, v) -> out
                output out
                """, Map.of("attention", 1), Map.of("FusedAttention", 1, "Cast", 0, "Softmax", 0));
        assertEquals(DType.FLOAT16, only(g, "FusedAttention").output(0).type().dtype());
    }
}
