package dev.graft.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Each function's vector loop against its scalar form, over whole vectors and a tail. */
class UnaryMathTest {

    @Test
    void vectorsAgreeWithTheScalarForm() {
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 18) * 0.37f;
        }
        Tensor in = Tensor.ofFloats(new int[] {x.length}, x);
        for (UnaryMath f : UnaryMath.values()) {
            float[] out = f.map(in).floats();
            for (int i = 0; i < x.length; i++) {
                float expected = (float) f.apply(x[i]);
                float ulp = Float.isNaN(expected) ? 0f : Math.ulp(expected);
                assertEquals(expected, out[i], ulp + 1e-30f, f + " of " + x[i]);
            }
        }
    }

    @Test
    void sigmoidNeitherOverflowsNorLosesTheSmallSide() {
        float[] out = UnaryMath.SIGMOID.map(Tensor.ofFloats(new int[] {16}, -800, 800, 0, -30, 30, 1, 2, 3, 4, 5, 6,
                7, 8, 9, 10, 11)).floats();
        assertEquals(0f, out[0]);
        assertEquals(1f, out[1]);
        assertEquals(0.5f, out[2]);
        assertEquals((float) (1 / (1 + Math.exp(30))), out[3], 1e-19f);
    }
}
