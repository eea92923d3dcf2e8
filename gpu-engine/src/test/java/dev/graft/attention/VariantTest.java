package dev.graft.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VariantTest {
    private static final HeadConfig HEADS = new HeadConfig(8, 8, 64, KvDType.FP16);

    @Test
    void flagsNameEverySpecializationAndNumbersStayOutOfTheName() {
        AttentionVariant a = AttentionVariant.DEFAULT.withCausal(true).withSoftCap(30).withRope(10000);
        AttentionVariant b = a.withSoftCap(50).withRope(500000);
        assertEquals("causal1_softcap1_window0_alibi0_mask0_rope1".replace("_", ""),
                a.specializationName().replace("_", ""));
        assertEquals(a.specializationName(), b.specializationName());
        assertNotEquals(a.specializationName(), a.withMask(MaskMode.PER_HEAD).specializationName());
    }

    @Test
    void softCapBoundsEveryLogit() {
        VariantHooks hooks = new VariantHooks(AttentionVariant.DEFAULT.withScale(1).withSoftCap(5), HEADS);
        assertEquals(5 * Math.tanh(100.0 / 5), hooks.logit(100, 0, 0, 0, 0), 1e-12);
        assertTrue(Math.abs(hooks.logit(-1e6, 0, 0, 0, 0)) <= 5);
    }

    @Test
    void alibiSlopesFollowTheGeometricSequence() {
        for (int h = 0; h < 8; h++) {
            assertEquals(Math.pow(2, -(h + 1)), VariantHooks.alibiSlope(h, 8), 1e-15);
        }
        // 12 heads: the first 8 of base 2^-1, then odd powers of 2^-0.5
        assertEquals(Math.pow(2, -0.5), VariantHooks.alibiSlope(8, 12), 1e-15);
        assertEquals(Math.pow(2, -1.5), VariantHooks.alibiSlope(9, 12), 1e-15);
        VariantHooks hooks = new VariantHooks(AttentionVariant.DEFAULT.withScale(1).withAlibi(true), HEADS);
        assertEquals(2.0 - 0.25 * 3, hooks.logit(2, 1, 10, 7, 0), 1e-12);
    }

    @Test
    void slidingWindowKeepsOnlyRecentKeys() {
        VariantHooks hooks = new VariantHooks(AttentionVariant.DEFAULT.withCausal(true).withWindowLeft(2), HEADS);
        assertTrue(hooks.visible(10, 8));
        assertTrue(hooks.visible(10, 10));
        assertEquals(false, hooks.visible(10, 7));
        assertEquals(false, hooks.visible(10, 11));
    }

    @Test
    void ropeKeepsNormsAndMakesProductsDependOnRelativePositionOnly() {
        VariantHooks hooks = new VariantHooks(AttentionVariant.DEFAULT.withRope(10000), HEADS);
        Random rng = new Random(6);
        double[] q = new double[64];
        double[] k = new double[64];
        for (int i = 0; i < 64; i++) {
            q[i] = rng.nextGaussian();
            k[i] = rng.nextGaussian();
        }
        double first = rotatedDot(hooks, q, 7, k, 3);
        double shifted = rotatedDot(hooks, q, 107, k, 103);
        assertEquals(first, shifted, 1e-9);
        assertNotEquals(first, rotatedDot(hooks, q, 7, k, 4), 1e-6);
        double[] x = q.clone();
        hooks.transform(x, 0, 12345);
        assertEquals(norm(q), norm(x), 1e-9);
    }

    @Test
    void customMaskAddsItsBiasAndMinusInfinityDropsAKey() {
        Random rng = new Random(7);
        HeadConfig heads = new HeadConfig(2, 1, 64, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {3}, 16, 0);
        AttentionVariant variant = AttentionVariant.DEFAULT.withMask(MaskMode.PER_HEAD);
        AttentionBatch batch = RandomBatches.batch(rng, heads, variant, new int[] {1}, kv);
        java.util.Arrays.fill(batch.mask().bias(), Float.NEGATIVE_INFINITY);
        batch.mask().bias()[(int) batch.mask().index(0, 1, 0, 1, 3, 2)] = 0.5f;
        batch.mask().bias()[(int) batch.mask().index(0, 0, 0, 1, 3, 0)] = 0f;
        AttentionState out = AttentionReference.run(batch);
        for (int e = 0; e < 64; e++) {
            assertEquals(heads.dtype().decode(kv.values()[(int) kv.offset(0, 0, 0) + e]), out.o()[e], 1e-12);
            assertEquals(heads.dtype().decode(kv.values()[(int) kv.offset(0, 2, 0) + e]), out.o()[64 + e], 1e-12);
        }
    }

    private static double rotatedDot(VariantHooks hooks, double[] q, int qPos, double[] k, int kPos) {
        double[] a = q.clone();
        double[] b = k.clone();
        hooks.transform(a, 0, qPos);
        hooks.transform(b, 0, kPos);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
