package dev.graft.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link MatMulKernel}: {@value #MR} rows of C by two vectors
 * of columns ({@link #NR} floats), multiplied from packed panels.
 *
 * <p>The A panel holds the tile's rows interleaved ({@code MR} floats per k step) and
 * the B panel its columns ({@code NR} floats per k step), so each k step reads two
 * contiguous vectors of B and {@code MR} consecutive floats of A, and issues
 * {@code 2 MR} fused multiply-adds into accumulators that stay in registers across
 * the k loop. Sixteen accumulators hide the FMA latency on both FMA ports of an
 * AVX-512 core while leaving registers for B and the broadcasts.
 */
final class MicroTile {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    static final int MR = 8;
    static final int NR = 2 * L;

    private MicroTile() {
    }

    /**
     * {@code C[MR x NR] += A panel (MR x kc) * B panel (kc x NR)}; the B panel's rows
     * are {@code ldb} apart ({@code NR} when packed) and C's {@code ldc}. The
     * accumulators start from C and no branch picks between overwriting and adding:
     * with one, C2 ran out of its inlining node budget and boxed the vectors of the
     * last rows.
     */
    static void multiply(float[] ap, int aAt, float[] bp, int bAt, int ldb, int kc, float[] c, int cAt, int ldc) {
        int c1 = cAt + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c, cAt);
        FloatVector s01 = FloatVector.fromArray(SPECIES, c, cAt + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c, c1);
        FloatVector s11 = FloatVector.fromArray(SPECIES, c, c1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c, c2);
        FloatVector s21 = FloatVector.fromArray(SPECIES, c, c2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c, c3);
        FloatVector s31 = FloatVector.fromArray(SPECIES, c, c3 + L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c, c4);
        FloatVector s41 = FloatVector.fromArray(SPECIES, c, c4 + L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c, c5);
        FloatVector s51 = FloatVector.fromArray(SPECIES, c, c5 + L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c, c6);
        FloatVector s61 = FloatVector.fromArray(SPECIES, c, c6 + L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c, c7);
        FloatVector s71 = FloatVector.fromArray(SPECIES, c, c7 + L);
        for (int p = 0; p < kc; p++) {
            int bi = bAt + p * ldb;
            int ai = aAt + p * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            s40 = x.fma(b0, s40);
            s41 = x.fma(b1, s41);
            x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            s50 = x.fma(b0, s50);
            s51 = x.fma(b1, s51);
            x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            s60 = x.fma(b0, s60);
            s61 = x.fma(b1, s61);
            x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            s70 = x.fma(b0, s70);
            s71 = x.fma(b1, s71);
        }
        s00.intoArray(c, cAt);
        s01.intoArray(c, cAt + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
        s50.intoArray(c, c5);
        s51.intoArray(c, c5 + L);
        s60.intoArray(c, c6);
        s61.intoArray(c, c6 + L);
        s70.intoArray(c, c7);
        s71.intoArray(c, c7 + L);
    }
}
