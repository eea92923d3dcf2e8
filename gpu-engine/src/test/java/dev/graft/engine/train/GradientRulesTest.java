package dev.graft.engine.train;

import static dev.graft.engine.train.GradientCheck.check;
import static dev.graft.engine.train.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import dev.graft.engine.ops.OpRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every gradient rule against finite differences of the op it differentiates. */
class GradientRulesTest {

    /** A new rule must join this list, and get a check below. */
    @Test
    void everyRuleIsCheckedBelow() {
        assertEquals(new TreeSet<>(Set.of("Add", "Cast", "Concat", "Cos", "Div", "Erf", "Exp", "Expand", "Flatten",
                "FusedAttention", "Gather", "Gelu", "Gemm", "Identity", "LayerNormalization", "Log", "LogSoftmax",
                "MatMul", "Mul", "Neg", "PipelineStage", "Pow", "RMSNormalization", "Reciprocal", "ReduceMean",
                "ReduceSum", "Relu", "Reshape", "Sigmoid", "SimplifiedLayerNormalization", "Sin", "Slice", "Softmax",
                "Split", "Sqrt", "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze", "Where",
                OpRegistry.key(SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropy.NAME))),
                GradientRegistry.get().ops());
    }

    @Test
    void matMulWithBroadcastBatch() {
        check("", "MatMul", Attributes.NONE, List.of(random(1, 2, 3, 4), random(2, 4, 5)), 0, 1);
    }

    @Test
    void matMulWithVectors() {
        check("", "MatMul", Attributes.NONE, List.of(random(1, 4), random(2, 4, 3)), 0, 1);
        check("", "MatMul", Attributes.NONE, List.of(random(3, 2, 4), random(4, 4)), 0, 1);
    }

    @Test
    void gemmWithTransposesAndBias() {
        Attributes a = Attributes.NONE.with("transA", new Attribute.Int(1)).with("transB", new Attribute.Int(1))
                .with("alpha", new Attribute.Float(0.5f)).with("beta", new Attribute.Float(2f));
        check("", "Gemm", a, List.of(random(1, 4, 3), random(2, 5, 4), random(3, 5)), 0, 1, 2);
        check("", "Gemm", Attributes.NONE, List.of(random(4, 3, 4), random(5, 4, 5), random(6, 3, 5)), 0, 1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Add", "Sub", "Mul", "Div"})
    void binaryWithBroadcasting(String op) {
        Tensor b = op.equals("Div") ? shifted(random(2, 3, 1), 3) : random(2, 3, 1);
        check("", op, Attributes.NONE, List.of(random(1, 2, 3, 4), b), 0, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Identity", "Neg", "Exp", "Tanh", "Sigmoid", "Relu", "Erf", "Gelu", "Sin", "Cos"})
    void unary(String op) {
        check("", op, Attributes.NONE, List.of(awayFromZero(random(5, 3, 7))), 0);
    }

    @Test
    void unaryOnPositiveDomain() {
        for (String op : List.of("Log", "Sqrt", "Reciprocal")) {
            check("", op, Attributes.NONE, List.of(shifted(random(6, 3, 4), 3)), 0);
        }
    }

    @Test
    void geluTanhApproximation() {
        check("", "Gelu", Attributes.NONE.with("approximate", new Attribute.Str("tanh")),
                List.of(random(7, 4, 5)), 0);
    }

    @Test
    void softmaxCrossEntropy() {
        Tensor labels = Tensor.ofLongs(new int[]{2, 3}, 0, 4, 2, 1, 1, 3);
        check(SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropy.NAME, Attributes.NONE,
                List.of(random(8, 2, 3, 5), labels), 0);
    }

    @Test
    void where() {
        Tensor cond = Tensor.ofLongs(dev.graft.engine.tensor.DType.BOOL, new int[]{3, 1}, 1, 0, 1);
        check("", "Where", Attributes.NONE, List.of(cond, random(9, 3, 4), random(10, 4)), 1, 2);
    }

    @Test
    void softmaxAlongAnyAxis() {
        check("", "Softmax", Attributes.NONE, List.of(random(11, 2, 3, 5)), 0);
        check("", "Softmax", Attributes.NONE.with("axis", new Attribute.Int(1)), List.of(random(12, 2, 4, 3)), 0);
    }

    @Test
    void logSoftmaxAlongAnyAxis() {
        check("", "LogSoftmax", Attributes.NONE, List.of(random(53, 2, 3, 5)), 0);
        check("", "LogSoftmax", Attributes.NONE.with("axis", new Attribute.Int(0)), List.of(random(54, 3, 4)), 0);
    }

    @Test
    void layerNormalization() {
        check("", "LayerNormalization", Attributes.NONE, List.of(random(13, 3, 6), random(14, 6), random(15, 6)),
                0, 1, 2);
        check("", "LayerNormalization", Attributes.NONE.with("axis", new Attribute.Int(1)),
                List.of(random(16, 2, 3, 4), random(17, 3, 4), random(18, 3, 4)), 0, 1, 2);
    }

    @Test
    void rmsNormalization() {
        check("", "RMSNormalization", Attributes.NONE, List.of(random(19, 3, 6), random(20, 6)), 0, 1);
    }

    @Test
    void simplifiedLayerNormalizationAsOnnxruntimeExportsIt() {
        check("", "SimplifiedLayerNormalization", Attributes.NONE.with("axis", new Attribute.Int(1)),
                List.of(random(48, 2, 3, 4), random(49, 3, 4)), 0, 1);
    }

    @Test
    void flattenSqueezeAndTheStageBoundary() {
        check("", "Flatten", Attributes.NONE.with("axis", new Attribute.Int(2)), List.of(random(50, 2, 3, 4)), 0);
        check("", "Squeeze", Attributes.NONE, List.of(random(51, 2, 1, 4), Tensor.ofLongs(new int[]{1}, 1)), 0);
        check(dev.graft.pipeline.stages.StageBoundary.DOMAIN, dev.graft.pipeline.stages.StageBoundary.NAME,
                Attributes.NONE, List.of(random(52, 3, 2)), 0);
    }

    @Test
    void reductions() {
        Tensor axes = Tensor.ofLongs(new int[]{1}, 1);
        check("", "ReduceSum", Attributes.NONE, List.of(random(21, 2, 3, 4), axes), 0);
        check("", "ReduceMean", Attributes.NONE.with("keepdims", new Attribute.Int(0)),
                List.of(random(22, 2, 3, 4), axes), 0);
        check("", "ReduceMean", Attributes.NONE, List.of(random(23, 2, 3)), 0);
    }

    @Test
    void gatherAddsUpRepeatedRows() {
        Tensor ids = Tensor.ofLongs(new int[]{2, 3}, 1, 4, 1, 0, 4, 4);
        check("", "Gather", Attributes.NONE, List.of(random(24, 5, 3), ids), 0);
        check("", "Gather", Attributes.NONE.with("axis", new Attribute.Int(1)),
                List.of(random(25, 2, 5, 3), Tensor.ofLongs(new int[]{2}, 3, -1)), 0);
    }

    @Test
    void transposeAndReshapes() {
        check("", "Transpose", Attributes.NONE.with("perm", new Attribute.Ints(new long[]{1, 2, 0})),
                List.of(random(26, 2, 3, 4)), 0);
        check("", "Transpose", Attributes.NONE, List.of(random(27, 2, 3)), 0);
        check("", "Reshape", Attributes.NONE, List.of(random(28, 2, 3, 4), Tensor.ofLongs(new int[]{2}, 0, -1)), 0);
        check("", "Unsqueeze", Attributes.NONE, List.of(random(29, 2, 3), Tensor.ofLongs(new int[]{1}, 1)), 0);
    }

    @Test
    void fusedAttentionWithGroupedHeadsMaskAndCausality() {
        Attributes a = Attributes.NONE.with("scale", new Attribute.Float(0.4f)).with("causal", new Attribute.Int(1))
                .with("q_heads", new Attribute.Int(4)).with("kv_heads", new Attribute.Int(2))
                .with("head_dim", new Attribute.Int(3));
        check("", "FusedAttention", a,
                List.of(random(30, 1, 4, 3, 3), random(31, 1, 2, 5, 3), random(32, 1, 2, 5, 3), random(33, 1, 1, 3, 5)),
                0, 1, 2, 3);
        Attributes plain = Attributes.NONE.with("scale", new Attribute.Float(0.7f))
                .with("q_heads", new Attribute.Int(2)).with("kv_heads", new Attribute.Int(2))
                .with("head_dim", new Attribute.Int(2));
        check("", "FusedAttention", plain, List.of(random(34, 2, 2, 3, 2), random(35, 2, 2, 4, 2),
                random(36, 2, 2, 4, 2)), 0, 1, 2);
    }

    @Test
    void powWithConstantAndVariableExponent() {
        check("", "Pow", Attributes.NONE, List.of(shifted(random(37, 3, 4), 3), Tensor.ofFloats(new int[0], 3f)), 0);
        check("", "Pow", Attributes.NONE, List.of(shifted(random(38, 3, 4), 3), random(39, 4)), 0, 1);
    }

    @Test
    void sliceWithStepsAndNegativeBounds() {
        Tensor starts = Tensor.ofLongs(new int[]{2}, 1, -1);
        Tensor ends = Tensor.ofLongs(new int[]{2}, 100, -5);
        Tensor axes = Tensor.ofLongs(new int[]{2}, 1, 2);
        Tensor steps = Tensor.ofLongs(new int[]{2}, 2, -2);
        check("", "Slice", Attributes.NONE, List.of(random(40, 2, 5, 6), starts, ends, axes, steps), 0);
        // A backward slice starting before the axis starts at its first element, as ONNX clamps it.
        check("", "Slice", Attributes.NONE, List.of(random(47, 4, 3), Tensor.ofLongs(new int[]{1}, -100),
                Tensor.ofLongs(new int[]{1}, -200), Tensor.ofLongs(new int[]{1}, 0), Tensor.ofLongs(new int[]{1}, -1)), 0);
    }

    @Test
    void concatAndSplitAndExpandAndCast() {
        check("", "Concat", Attributes.NONE.with("axis", new Attribute.Int(1)),
                List.of(random(41, 2, 3, 2), random(42, 2, 1, 2), random(43, 2, 4, 2)), 0, 1, 2);
        GradientCheck.checkOutputs(2, "", "Split", Attributes.NONE.with("axis", new Attribute.Int(-1)),
                List.of(random(44, 3, 5), Tensor.ofLongs(new int[]{2}, 2, 3)), 0);
        check("", "Expand", Attributes.NONE, List.of(random(45, 3, 1), Tensor.ofLongs(new int[]{3}, 2, 3, 4)), 0);
        check("", "Cast", Attributes.NONE.with("to", new Attribute.Int(1)), List.of(random(46, 2, 3)), 0);
    }

    /** Keeps values away from kinks (Relu at 0) where a finite difference straddles two slopes. */
    private static Tensor awayFromZero(Tensor t) {
        float[] d = t.floats().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] >= 0 ? d[i] + 0.1f : d[i] - 0.1f;
        }
        return Tensor.ofFloats(t.shape(), d);
    }

    private static Tensor shifted(Tensor t, float by) {
        float[] d = t.floats().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]) + by / 3;
        }
        return Tensor.ofFloats(t.shape(), d);
    }
}
