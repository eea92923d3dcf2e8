package dev.graft.engine.train;

import static dev.graft.engine.train.GradientCheck.check;
import static dev.graft.engine.train.GradientCheck.random;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every gradient rule against finite differences of the op it differentiates. */
class GradientRulesTest {

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
    @ValueSource(strings = {"Identity", "Neg", "Exp", "Tanh", "Sigmoid", "Relu", "Erf", "Gelu"})
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
