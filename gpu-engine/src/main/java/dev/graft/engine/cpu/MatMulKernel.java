package dev.graft.engine.cpu;

import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C = A B} of row-major matrices, blocked
 * for the caches and vectorized with the Vector API.
 *
 * <p>The register tile is 4 rows of C by 2 vectors of columns: for each k it
 * loads two vectors of a row of B, broadcasts four elements of A and issues
 * eight fused multiply-adds into accumulators that stay in registers across the
 * k loop. K is cut into panels of {@value #KC} so the rows of B a tile walks
 * stay in L2 while the tile moves down the rows of A; C tiles are accumulated
 * across panels. Independent (row block, column panel) tiles run in parallel
 * when the product is large enough to pay for it.
 */
public final class MatMulKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    static final int KC = 256;
    private static final int NC = 512;
    private static final int MR = 4;
    /** Rows of A per parallel task. */
    private static final int MC = 64;
    /** Below this many multiply-adds the product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 21;

    private MatMulKernel() {
    }

    /**
     * Writes {@code A (m x k) * B (k x n)} into {@code C (m x n)}; each matrix is
     * dense and row-major from its offset. C is overwritten, not accumulated into.
     */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            Arrays.fill(c, cOff, cOff + m * n, 0f);
            return;
        }
        int rowBlocks = (m + MC - 1) / MC;
        int colPanels = (n + NC - 1) / NC;
        if ((long) m * k * n >= PARALLEL_THRESHOLD) {
            IntStream.range(0, rowBlocks * colPanels).parallel().forEach(t -> task(a, aOff, b, bOff, c, cOff, m, k, n, colPanels, t));
        } else {
            // Small products (a head's attention scores) are too short to pay for a stream.
            for (int t = 0; t < rowBlocks * colPanels; t++) {
                task(a, aOff, b, bOff, c, cOff, m, k, n, colPanels, t);
            }
        }
    }

    private static void task(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                             int colPanels, int t) {
        int i0 = (t / colPanels) * MC;
        int j0 = (t % colPanels) * NC;
        block(a, aOff, b, bOff, c, cOff, k, n, i0, Math.min(m, i0 + MC), j0, Math.min(n, j0 + NC));
    }

    private static void block(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                              int i0, int i1, int j0, int j1) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            boolean first = p0 == 0;
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                rows4(a, aOff, b, bOff, c, cOff, k, n, i, j0, j1, p0, p1, first);
            }
            for (; i < i1; i++) {
                row1(a, aOff, b, bOff, c, cOff, k, n, i, j0, j1, p0, p1, first);
            }
        }
    }

    private static void rows4(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                              int i, int j0, int j1, int p0, int p1, boolean first) {
        int a0 = aOff + i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int c0 = cOff + i * n;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {
            FloatVector s00 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c0 + j);
            FloatVector s01 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c0 + j + L);
            FloatVector s10 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c1 + j);
            FloatVector s11 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c1 + j + L);
            FloatVector s20 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c2 + j);
            FloatVector s21 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c2 + j + L);
            FloatVector s30 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c3 + j);
            FloatVector s31 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, c3 + j + L);
            for (int p = p0; p < p1; p++) {
                int bRow = bOff + p * n + j;
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
                FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + L);
                FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
                s00 = x.fma(b0, s00);
                s01 = x.fma(b1, s01);
                x = FloatVector.broadcast(SPECIES, a[a1 + p]);
                s10 = x.fma(b0, s10);
                s11 = x.fma(b1, s11);
                x = FloatVector.broadcast(SPECIES, a[a2 + p]);
                s20 = x.fma(b0, s20);
                s21 = x.fma(b1, s21);
                x = FloatVector.broadcast(SPECIES, a[a3 + p]);
                s30 = x.fma(b0, s30);
                s31 = x.fma(b1, s31);
            }
            s00.intoArray(c, c0 + j);
            s01.intoArray(c, c0 + j + L);
            s10.intoArray(c, c1 + j);
            s11.intoArray(c, c1 + j + L);
            s20.intoArray(c, c2 + j);
            s21.intoArray(c, c2 + j + L);
            s30.intoArray(c, c3 + j);
            s31.intoArray(c, c3 + j + L);
        }
        if (j < j1) {
            for (int r = 0; r < MR; r++) {
                tail(a, aOff, b, bOff, c, cOff, k, n, i + r, j, j1, p0, p1, first);
            }
        }
    }

    private static void row1(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                             int i, int j0, int j1, int p0, int p1, boolean first) {
        int aRow = aOff + i * k;
        int cRow = cOff + i * n;
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {
            FloatVector s0 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, cRow + j);
            FloatVector s1 = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, cRow + j + L);
            for (int p = p0; p < p1; p++) {
                int bRow = bOff + p * n + j;
                FloatVector x = FloatVector.broadcast(SPECIES, a[aRow + p]);
                s0 = x.fma(FloatVector.fromArray(SPECIES, b, bRow), s0);
                s1 = x.fma(FloatVector.fromArray(SPECIES, b, bRow + L), s1);
            }
            s0.intoArray(c, cRow + j);
            s1.intoArray(c, cRow + j + L);
        }
        if (j < j1) {
            tail(a, aOff, b, bOff, c, cOff, k, n, i, j, j1, p0, p1, first);
        }
    }

    /**
     * The columns past the last full pair of vectors, a vector at a time, the last
     * one masked: attention's head-sized products (n of 16 or 17) are all tail.
     */
    private static void tail(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                             int i, int j0, int j1, int p0, int p1, boolean first) {
        int aRow = aOff + i * k;
        int cRow = cOff + i * n;
        for (int j = j0; j < j1; j += L) {
            VectorMask<Float> in = SPECIES.indexInRange(j, j1);
            FloatVector s = first ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, cRow + j, in);
            for (int p = p0; p < p1; p++) {
                FloatVector x = FloatVector.broadcast(SPECIES, a[aRow + p]);
                s = x.fma(FloatVector.fromArray(SPECIES, b, bOff + p * n + j, in), s);
            }
            s.intoArray(c, cRow + j, in);
        }
    }

    /** The transpose of a row-major {@code rows x cols} matrix. */
    public static float[] transpose(float[] x, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[off + i * cols + j];
            }
        }
        return t;
    }
}
