package dev.graft.engine.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one-row product {@code c (1 x n) = a (1 x k) B (k x n)} (a decode step's
 * projections), which is bound by reading B: B is streamed once, {@value #ROWS}
 * rows at a time in their storage order, each vector of c taking {@value #ROWS}
 * fused multiply-adds per load and store while c stays in L1. Large products split
 * the columns across the cores, each core streaming its own half of every row.
 */
final class MatVecKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final int ROWS = 4;
    /** Below this many multiply-adds the product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private MatVecKernel() {
    }

    static void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n) {
        if ((long) k * n < PARALLEL_THRESHOLD || MatMulKernel.THREADS == 1 || n < MatMulKernel.THREADS * L) {
            columns(a, aOff, b, bOff, c, cOff, k, n, 0, n);
            return;
        }
        MatMulKernel.acrossCores(n, L, (j0, j1) -> columns(a, aOff, b, bOff, c, cOff, k, n, j0, j1));
    }

    /** Columns {@code [j0, j1)} of c. */
    private static void columns(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                                int j0, int j1) {
        Arrays.fill(c, cOff + j0, cOff + j1, 0f);
        int p = 0;
        for (; p + ROWS <= k; p += ROWS) {
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[aOff + p]);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[aOff + p + 1]);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[aOff + p + 2]);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[aOff + p + 3]);
            int r0 = bOff + p * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            int j = j0;
            for (; j + L <= j1; j += L) {
                FloatVector s = FloatVector.fromArray(SPECIES, c, cOff + j);
                s = x0.fma(FloatVector.fromArray(SPECIES, b, r0 + j), s);
                s = x1.fma(FloatVector.fromArray(SPECIES, b, r1 + j), s);
                s = x2.fma(FloatVector.fromArray(SPECIES, b, r2 + j), s);
                s = x3.fma(FloatVector.fromArray(SPECIES, b, r3 + j), s);
                s.intoArray(c, cOff + j);
            }
            if (j < j1) {
                VectorMask<Float> in = SPECIES.indexInRange(j, j1);
                FloatVector s = FloatVector.fromArray(SPECIES, c, cOff + j, in);
                s = x0.fma(FloatVector.fromArray(SPECIES, b, r0 + j, in), s);
                s = x1.fma(FloatVector.fromArray(SPECIES, b, r1 + j, in), s);
                s = x2.fma(FloatVector.fromArray(SPECIES, b, r2 + j, in), s);
                s = x3.fma(FloatVector.fromArray(SPECIES, b, r3 + j, in), s);
                s.intoArray(c, cOff + j, in);
            }
        }
        for (; p < k; p++) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aOff + p]);
            int r = bOff + p * n;
            for (int j = j0; j < j1; j += L) {
                VectorMask<Float> in = SPECIES.indexInRange(j, j1);
                x.fma(FloatVector.fromArray(SPECIES, b, r + j, in), FloatVector.fromArray(SPECIES, c, cOff + j, in))
                        .intoArray(c, cOff + j, in);
            }
        }
    }
}
