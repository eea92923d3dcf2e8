package dev.graft.engine.ops.standard;

import static dev.graft.engine.ops.OpRunner.assertTensor;
import static dev.graft.engine.ops.OpRunner.attrs;
import static dev.graft.engine.ops.OpRunner.f;
import static dev.graft.engine.ops.OpRunner.l;
import static dev.graft.engine.ops.OpRunner.run;
import static dev.graft.engine.ops.OpRunner.runWithConstants;
import static dev.graft.engine.ops.OpRunner.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.ops.OpRunner;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MatMul, Gemm, reductions, softmax and normalizations against hand-computed values. */
class NumericOpsTest {
    private static final Attributes NONE = Attributes.NONE;

    @Test
    void matMulOfTwoMatrices() {
        Tensor a = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = f(s(3, 2), 7, 8, 9, 10, 11, 12);
        assertTensor(s(2, 2), new float[] {58, 64, 139, 154}, run("MatMul", NONE, a, b));
    }

    @Test
    void matMulBroadcastsBatchesAndPromotesVectors() {
        Tensor a = f(s(2, 1, 2), 1, 0, 0, 1);
        Tensor b = f(s(2, 2), 1, 2, 3, 4);
        assertTensor(s(2, 1, 2), new float[] {1, 2, 3, 4}, run("MatMul", NONE, a, b));
        // B with a batch of ones is shared by every batch entry, as a 2-D B is.
        assertTensor(s(2, 2, 2), new float[] {1, 2, 3, 4, 7, 10, 15, 22},
                run("MatMul", NONE, f(s(2, 2, 2), 1, 0, 0, 1, 1, 2, 3, 4), f(s(1, 2, 2), 1, 2, 3, 4)));
        assertTensor(s(2), new float[] {7, 10}, run("MatMul", NONE, f(s(2), 1, 2), b));
        assertTensor(s(2), new float[] {5, 11}, run("MatMul", NONE, b, f(s(2), 1, 2)));
        UserError e = assertThrows(UserError.class, () -> run("MatMul", NONE, b, f(s(3, 1), 1, 2, 3)));
        assertEquals("node 'node0' (MatMul): MatMul inner dimensions differ: f32[2,2] x f32[3,1]", e.getMessage());
    }

    @Test
    void gemmTransposesScalesAndAddsC() {
        Tensor a = f(s(2, 2), 1, 2, 3, 4);
        Tensor bt = f(s(2, 2), 1, 0, 1, 1);
        // A B^T = [[1, 3], [3, 7]]; times 2, plus 10 * [1, 2] broadcast per row.
        assertTensor(s(2, 2), new float[] {12, 26, 16, 34},
                run("Gemm", attrs("transB", 1, "alpha", 2f, "beta", 10f), a, bt, f(s(2), 1, 2)));
        assertTensor(s(2, 2), new float[] {1, 3, 2, 4}, run("Gemm", attrs("transA", 1), a, f(s(2, 2), 1, 0, 0, 1)));
    }

    @Test
    void reductionsOverAxesWithAndWithoutKeepdims() {
        Tensor x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertTensor(s(2, 1), new float[] {2, 5}, runWithConstants("ReduceMean", NONE, x, l(s(1), -1)));
        assertTensor(s(3), new float[] {5, 7, 9}, runWithConstants("ReduceSum", attrs("keepdims", 0), x, l(s(1), 0)));
        assertTensor(s(1, 1), new float[] {6}, run("ReduceMax", NONE, x));
        assertTensor(s(2, 3), x.floats(), runWithConstants("ReduceSum", attrs("noop_with_empty_axes", 1), x, l(s(0))));
        assertTensor(s(1, 3), new float[] {4, 10, 18}, run("ReduceProd", attrs("axes", new long[] {0}), x));
        assertTensor(s(), new long[] {10}, run("ReduceSum", attrs("keepdims", 0), l(s(4), 1, 2, 3, 4)));
    }

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = f(s(2, 2), 0, (float) Math.log(3), 1000, 1000);
        assertTensor(s(2, 2), new float[] {0.25f, 0.75f, 0.5f, 0.5f}, run("Softmax", NONE, x));
        assertTensor(s(2), new float[] {(float) Math.log(0.25), (float) Math.log(0.75)},
                run("LogSoftmax", NONE, f(s(2), 0, (float) Math.log(3))));
        assertTensor(s(2, 2), new float[] {0.5f, 0.5f, 0.5f, 0.5f}, run("Softmax", attrs("axis", 0), f(s(2, 2), 1, 2, 1, 2)));
    }

    @Test
    void softmaxOverRowsLongerThanAVector() {
        // Rows of 19: whole vectors of lanes and a scalar tail, against the formula in double.
        float[] x = new float[2 * 19];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i) * 4;
        }
        float[] out = run("Softmax", NONE, f(s(2, 19), x)).floats();
        for (int r = 0; r < 2; r++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int k = 0; k < 19; k++) {
                max = Math.max(max, x[r * 19 + k]);
            }
            for (int k = 0; k < 19; k++) {
                sum += Math.exp(x[r * 19 + k] - max);
            }
            for (int k = 0; k < 19; k++) {
                assertEquals(Math.exp(x[r * 19 + k] - max) / sum, out[r * 19 + k], 1e-7, "row " + r + ", " + k);
            }
        }
    }

    @Test
    void layerNormalizationWithStatistics() {
        Tensor x = f(s(2, 2), 1, 3, 2, 2);
        List<Tensor> out = OpRunner.run("LayerNormalization", attrs("epsilon", 0f), 3, false,
                x, f(s(2), 2, 1), f(s(2), 0, 10));
        // Row 1: mean 2, std 1 -> [-1, 1] * [2, 1] + [0, 10]; row 2 has no variance: 0 / sqrt(0) is NaN.
        assertEquals(-2f, out.get(0).floats()[0]);
        assertEquals(11f, out.get(0).floats()[1]);
        assertTensor(s(2, 1), new float[] {2, 2}, out.get(1));
        assertEquals(1f, out.get(2).floats()[0]);
    }

    @Test
    void layerNormalizationScalesInItsPassAsTheBroadcastingOpsDo() {
        // Scale and bias of the normalized shape apply in the normalizing pass; of the whole
        // shape (the same values repeated) through Mul and Add: the results agree bit for bit.
        float[] x = new float[2 * 3 * 19];
        float[] g = new float[19];
        float[] b = new float[19];
        float[] gAll = new float[x.length];
        float[] bAll = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 1.3) * 3;
        }
        for (int k = 0; k < 19; k++) {
            g[k] = 0.5f + k * 0.07f;
            b[k] = k * 0.11f - 1;
        }
        for (int i = 0; i < x.length; i++) {
            gAll[i] = g[i % 19];
            bAll[i] = b[i % 19];
        }
        float[] inPass = run("LayerNormalization", NONE, f(s(2, 3, 19), x), f(s(19), g), f(s(19), b)).floats();
        float[] broadcast = run("LayerNormalization", NONE, f(s(2, 3, 19), x), f(s(2, 3, 19), gAll),
                f(s(2, 3, 19), bAll)).floats();
        assertArrayEquals(broadcast, inPass);
    }

    @Test
    void rmsNormalizationScalesByTheRootMeanSquare() {
        // rms of [3, 4] is sqrt(12.5).
        float r = (float) Math.sqrt(12.5);
        assertTensor(s(1, 2), new float[] {3 / r, 8 / r},
                run("RMSNormalization", attrs("epsilon", 0f), f(s(1, 2), 3, 4), f(s(2), 1, 2)));
        assertTensor(s(1, 2), new float[] {3 / r, 8 / r},
                run("SimplifiedLayerNormalization", attrs("epsilon", 0f), f(s(1, 2), 3, 4), f(s(2), 1, 2)));
    }
}
