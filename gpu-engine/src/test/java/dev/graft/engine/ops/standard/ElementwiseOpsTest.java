package dev.graft.engine.ops.standard;

import static dev.graft.engine.ops.OpRunner.assertTensor;
import static dev.graft.engine.ops.OpRunner.attrs;
import static dev.graft.engine.ops.OpRunner.f;
import static dev.graft.engine.ops.OpRunner.l;
import static dev.graft.engine.ops.OpRunner.run;
import static dev.graft.engine.ops.OpRunner.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ElementwiseOpsTest {
    private static final Attributes NONE = Attributes.NONE;

    @Test
    void addBroadcastsARowAgainstAColumn() {
        Tensor col = f(s(2, 1), 1, 2);
        Tensor row = f(s(3), 10, 20, 30);
        assertTensor(s(2, 3), new float[] {11, 21, 31, 12, 22, 32}, run("Add", NONE, col, row));
    }

    @Test
    void integerArithmeticTruncatesDivision() {
        assertTensor(s(3), new long[] {2, -2, 3}, run("Div", NONE, l(s(3), 7, -7, 9), l(s(3), 3, 3, 3)));
        assertTensor(s(2), new long[] {4, 2}, run("Sub", NONE, l(s(2), 5, 3), l(s(), 1)));
        UserError e = assertThrows(UserError.class, () -> run("Div", NONE, l(s(1), 1), l(s(1), 0)));
        assertEquals("node 'node0' (Div): integer division by zero", e.getMessage());
    }

    @Test
    void powKeepsTheBaseTypeWhateverTheExponent() {
        assertTensor(s(3), new float[] {4, 9, 0.25f}, run("Pow", NONE, f(s(3), 2, 3, 0.5f), f(s(), 2)));
        assertTensor(s(2), new float[] {8, 27}, run("Pow", NONE, f(s(2), 2, 3), l(s(), 3)));
    }

    @Test
    void maxAndMinAreVariadicAndBroadcast() {
        assertTensor(s(3), new float[] {5, 2, 7}, run("Max", NONE, f(s(3), 1, 2, 7), f(s(1), 0), f(s(3), 5, -1, 3)));
        assertTensor(s(2), new long[] {-1, 0}, run("Min", NONE, l(s(2), -1, 4), l(s(), 0)));
    }

    @Test
    void modFollowsTheDivisorSignUnlessFmod() {
        assertTensor(s(2), new long[] {2, -2}, run("Mod", NONE, l(s(2), -7, 7), l(s(2), 3, -3)));
        assertTensor(s(2), new long[] {-1, 1}, run("Mod", attrs("fmod", 1), l(s(2), -7, 7), l(s(2), 3, -3)));
    }

    @Test
    void comparisonsAndLogicGiveBools() {
        Tensor eq = run("Equal", NONE, l(s(3), 1, 2, 3), l(s(), 2));
        assertEquals(DType.BOOL, eq.dtype());
        assertTensor(s(3), new long[] {0, 1, 0}, eq);
        assertTensor(s(3), new long[] {1, 1, 0}, run("LessOrEqual", NONE, f(s(3), 1, 2, 3), f(s(), 2)));
        assertTensor(s(2), new long[] {0, 1}, run("Greater", NONE, f(s(2), 1, 3), f(s(2), 2, 2)));
        Tensor t = Tensor.ofLongs(DType.BOOL, s(4), 0, 0, 1, 1);
        Tensor u = Tensor.ofLongs(DType.BOOL, s(4), 0, 1, 0, 1);
        assertTensor(s(4), new long[] {0, 0, 0, 1}, run("And", NONE, t, u));
        assertTensor(s(4), new long[] {0, 1, 1, 1}, run("Or", NONE, t, u));
        assertTensor(s(4), new long[] {0, 1, 1, 0}, run("Xor", NONE, t, u));
        assertTensor(s(4), new long[] {1, 1, 0, 0}, run("Not", NONE, t));
    }

    @Test
    void andRejectsNonBooleans() {
        UserError e = assertThrows(UserError.class, () -> run("And", NONE, l(s(1), 1), l(s(1), 1)));
        assertEquals("node 'node0' (And): And takes bool inputs, got i64", e.getMessage());
    }

    @Test
    void whereBroadcastsAllThree() {
        Tensor cond = Tensor.ofLongs(DType.BOOL, s(2, 1), 1, 0);
        assertTensor(s(2, 2), new float[] {1, 2, -1, -1}, run("Where", NONE, cond, f(s(2), 1, 2), f(s(), -1)));
    }

    @Test
    void unaryFunctionsMatchHandValues() {
        assertTensor(s(2), new float[] {0.5f, 0.7310586f}, run("Sigmoid", NONE, f(s(2), 0, 1)));
        assertTensor(s(2), new float[] {-2, 3}, run("Neg", NONE, f(s(2), 2, -3)));
        assertTensor(s(2), new long[] {-2, 3}, run("Neg", NONE, l(s(2), 2, -3)));
        assertTensor(s(2), new float[] {0.5f, 0.25f}, run("Reciprocal", NONE, f(s(2), 2, 4)));
        assertTensor(s(2), new float[] {3, 0.5f}, run("Sqrt", NONE, f(s(2), 9, 0.25f)));
        assertTensor(s(3), new float[] {-0.05f, 0, 3}, run("LeakyRelu", attrs("alpha", 0.05f), f(s(3), -1, 0, 3)));
        assertTensor(s(3), new float[] {0, 0, 2}, run("Relu", NONE, f(s(3), -1, 0, 2)));
    }

    @Test
    void erfMatchesTabulatedValues() {
        // Abramowitz and Stegun, table 7.1.
        assertTensor(s(6), new float[] {0f, 0.5204999f, 0.8427008f, -0.9953223f, 0.9999779f, 1f},
                run("Erf", NONE, f(s(6), 0f, 0.5f, 1f, -2f, 3f, 5f)));
    }

    @Test
    void geluExactAndTanh() {
        // 0.5 * x * (1 + erf(x / sqrt 2)) at x = 1 is 0.8413447; the tanh form gives 0.8411920.
        assertTensor(s(2), new float[] {0.8413447f, -0.15865526f}, run("Gelu", NONE, f(s(2), 1, -1)));
        assertTensor(s(1), new float[] {0.841192f}, run("Gelu", attrs("approximate", "tanh"), f(s(1), 1)));
    }

    @Test
    void castTruncatesRoundsAndTestsNonzero() {
        assertTensor(s(3), new long[] {1, -1, 0}, run("Cast", attrs("to", 7), f(s(3), 1.9f, -1.9f, 0.2f)));
        assertTensor(s(3), new long[] {1, 0, 1}, run("Cast", attrs("to", 9), f(s(3), 2f, 0f, -0.1f)));
        Tensor half = run("Cast", attrs("to", 10), f(s(1), 1.0001f));
        assertEquals(DType.FLOAT16, half.dtype());
        assertEquals(1.0f, half.floats()[0]);
        assertTensor(s(2), new float[] {1, 0}, run("Cast", attrs("to", 1), Tensor.ofLongs(DType.BOOL, s(2), 1, 0)));
        assertTensor(s(2), new float[] {3, 4}, run("CastLike", NONE, l(s(2), 3, 4), f(s(), 0)));
    }

    @Test
    void isNaNAndIsInf() {
        Tensor x = f(s(3), Float.NaN, Float.POSITIVE_INFINITY, 1);
        assertTensor(s(3), new long[] {1, 0, 0}, run("IsNaN", NONE, x));
        assertTensor(s(3), new long[] {0, 1, 0}, run("IsInf", NONE, x));
    }

    @Test
    void incompatibleShapesNameBothShapesAndTheNode() {
        UserError e = assertThrows(UserError.class, () -> run("Add", NONE, f(s(2, 3), new float[6]), f(s(4), new float[4])));
        assertEquals("node 'node0' (Add): cannot broadcast shapes [[2,3], [4]]: dimensions 3 and 4 differ", e.getMessage());
    }
}
