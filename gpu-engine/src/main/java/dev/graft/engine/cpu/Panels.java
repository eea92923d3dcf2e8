package dev.graft.engine.cpu;

import static dev.graft.engine.cpu.MicroTile.MR;
import static dev.graft.engine.cpu.MicroTile.NR;
import static dev.graft.engine.cpu.MicroTile.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies blocks of row-major A and B into the panel layouts {@link MicroTile} reads,
 * padded with zeros to whole panels so the tile never needs a shorter variant.
 */
final class Panels {
    private static final int L = SPECIES.length();

    private Panels() {
    }

    /**
     * Rows {@code [i0, i1)} and columns {@code [p0, p0 + kc)} of A (rows {@code lda}
     * apart) into {@code dst}: one panel of {@code MR x kc} per {@code MR} rows, each
     * k step holding the panel's {@code MR} rows side by side.
     */
    static void packA(float[] a, int aOff, int lda, int i0, int i1, int p0, int kc, float[] dst) {
        for (int i = i0; i < i1; i += MR) {
            int panel = (i - i0) * kc;
            int rows = Math.min(MR, i1 - i);
            for (int r = 0; r < rows; r++) {
                int src = aOff + (i + r) * lda + p0;
                for (int p = 0; p < kc; p++) {
                    dst[panel + p * MR + r] = a[src + p];
                }
            }
            for (int r = rows; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    dst[panel + p * MR + r] = 0f;
                }
            }
        }
    }

    /**
     * Rows {@code [p0, p0 + kc)} and columns {@code [j0, j1)} of B (rows {@code ldb}
     * apart) into {@code dst}: one panel of {@code kc x NR} per {@code NR} columns.
     */
    static void packB(float[] b, int bOff, int ldb, int p0, int kc, int j0, int j1, float[] dst) {
        for (int j = j0; j < j1; j += NR) {
            int panel = (j - j0) * kc;
            int cols = Math.min(NR, j1 - j);
            if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j;
                    FloatVector.fromArray(SPECIES, b, src).intoArray(dst, panel + p * NR);
                    FloatVector.fromArray(SPECIES, b, src + L).intoArray(dst, panel + p * NR + L);
                }
            } else {
                VectorMask<Float> lo = SPECIES.indexInRange(0, cols);
                VectorMask<Float> hi = SPECIES.indexInRange(L, cols);
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j;
                    FloatVector.fromArray(SPECIES, b, src, lo).intoArray(dst, panel + p * NR);
                    FloatVector.fromArray(SPECIES, b, src + L, hi).intoArray(dst, panel + p * NR + L);
                }
            }
        }
    }

    /** A scratch array of at least {@code size} floats; its contents are unspecified. */
    static float[] atLeast(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[Math.max(size, buffer.length * 2)];
    }
}
