package dev.graft.engine.cpu;

import static dev.graft.engine.cpu.MicroTile.MR;
import static dev.graft.engine.cpu.MicroTile.NR;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Single-precision matrix product {@code C = A B} of row-major matrices, blocked
 * for the caches in the BLIS manner and vectorized with the Vector API.
 *
 * <p>For each block of {@value #KC} k steps, {@value #NC} columns of B are packed
 * into {@link MicroTile#NR}-column panels and {@value #MC} rows of A into
 * {@link MicroTile#MR}-row panels ({@link Panels}); the register tile then streams
 * two contiguous arrays. One B panel ({@code KC x NR}, 32 KiB) stays in L1 while the
 * tile walks down the packed A block (in L2); C is accumulated across k blocks.
 * Products of few rows (a model's projections at small batch) read B in place but
 * for its ragged last panel. Tiles at the ragged edges are computed into a scratch
 * tile and added to C. Products of one row go to {@link MatVecKernel}, which
 * streams B once. Large products split their rows (or columns, when rows are few)
 * across the cores.
 */
public final class MatMulKernel {
    static final int KC = 256;
    private static final int NC = 1024;
    private static final int MC = 128;
    /**
     * Up to this many rows of A, B is read in place rather than packed: too few
     * tiles reuse a packed panel to pay for the copy.
     */
    private static final int PACK_B_ROWS = 64;
    /** Below this many multiply-adds the product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 21;
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    /** Per-thread packing buffers, reused across calls. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
    }

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
        if (m == 1 && k > 0) {
            MatVecKernel.multiply(a, aOff, b, bOff, c, cOff, k, n);
            return;
        }
        // The tiles accumulate into C.
        Arrays.fill(c, cOff, cOff + m * n, 0f);
        if (k == 0) {
            return;
        }
        if ((long) m * k * n < PARALLEL_THRESHOLD || THREADS == 1) {
            block(a, aOff, b, bOff, c, cOff, k, n, 0, m, 0, n);
        } else if (m >= THREADS * MC) {
            acrossCores(m, MR, (i0, i1) -> block(a, aOff, b, bOff, c, cOff, k, n, i0, i1, 0, n));
        } else {
            acrossCores(n, NR, (j0, j1) -> block(a, aOff, b, bOff, c, cOff, k, n, 0, m, j0, j1));
        }
    }

    /** Work on the part {@code [from, to)} of a range of rows or columns. */
    interface Part {
        void run(int from, int to);
    }

    /**
     * {@code [0, extent)} cut into one part per core, each a whole number of
     * {@code unit}s but the last, the parts run in parallel.
     */
    static void acrossCores(int extent, int unit, Part part) {
        int size = roundUp((extent + THREADS - 1) / THREADS, unit);
        IntStream.range(0, THREADS).parallel().forEach(t ->
                part.run(Math.min(extent, t * size), Math.min(extent, (t + 1) * size)));
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of C, on the calling thread. */
    private static void block(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                              int i0, int i1, int j0, int j1) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        Scratch s = SCRATCH.get();
        boolean packB = i1 - i0 > PACK_B_ROWS;
        for (int jc = j0; jc < j1; jc += NC) {
            int jcEnd = Math.min(j1, jc + NC);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // Unpacked, B is read in place but for its ragged last panel.
                int packFrom = packB ? jc : Math.max(jc, jcEnd - (jcEnd - jc) % NR);
                s.b = Panels.atLeast(s.b, roundUp(jcEnd - packFrom, NR) * kc);
                Panels.packB(b, bOff, n, pc, kc, packFrom, jcEnd, s.b);
                for (int ic = i0; ic < i1; ic += MC) {
                    int icEnd = Math.min(i1, ic + MC);
                    s.a = Panels.atLeast(s.a, roundUp(icEnd - ic, MR) * kc);
                    Panels.packA(a, aOff, k, ic, icEnd, pc, kc, s.a);
                    for (int j = jc; j < jcEnd; j += NR) {
                        if (j >= packFrom) {
                            tiles(s, s.b, (j - packFrom) * kc, NR, c, cOff, n, kc, ic, icEnd, j, Math.min(NR, jcEnd - j));
                        } else {
                            tiles(s, b, bOff + pc * n + j, n, c, cOff, n, kc, ic, icEnd, j, NR);
                        }
                    }
                }
            }
        }
    }

    /** The register tiles of one packed A block against one B panel of {@code cols} columns from column j. */
    private static void tiles(Scratch s, float[] bp, int bAt, int ldb, float[] c, int cOff, int n, int kc,
                              int ic, int icEnd, int j, int cols) {
        for (int i = ic; i < icEnd; i += MR) {
            int aAt = (i - ic) * kc;
            int rows = Math.min(MR, icEnd - i);
            if (rows == MR && cols == NR) {
                MicroTile.multiply(s.a, aAt, bp, bAt, ldb, kc, c, cOff + i * n + j, n);
            } else {
                Arrays.fill(s.tile, 0f);
                MicroTile.multiply(s.a, aAt, bp, bAt, ldb, kc, s.tile, 0, NR);
                edge(s.tile, c, cOff + i * n + j, n, rows, cols);
            }
        }
    }

    private static void edge(float[] tile, float[] c, int cAt, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int at = cAt + r * ldc;
            for (int q = 0; q < cols; q++) {
                c[at + q] += tile[r * NR + q];
            }
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
