package dev.graft.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pow's vector rows (a scalar exponent of 2 or 3) against its scalar form, bit for bit. */
class FloatArithmeticTest {

    @Test
    void squaresAndCubesMatchTheScalarForm() {
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 18) * 0.731f;
        }
        Tensor in = Tensor.ofFloats(new int[] {x.length}, x);
        for (float e : new float[] {2f, 3f, 0.5f}) {
            float[] out = Elementwise.floats(in, Tensor.ofFloats(new int[0], e), FloatArithmetic.POW).floats();
            for (int i = 0; i < x.length; i++) {
                double d = x[i];
                float expected = e == 2f ? x[i] * x[i] : e == 3f ? (float) (d * d * d) : (float) Math.pow(x[i], e);
                assertEquals(expected, out[i], x[i] + "^" + e);
            }
        }
    }
}
