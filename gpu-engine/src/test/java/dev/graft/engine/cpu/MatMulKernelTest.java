package dev.graft.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The blocked, vectorized kernel against a plain triple loop in double, over odd sizes.
 * Named *Test so that surefire runs it (its default includes skip *Properties).
 */
class MatMulKernelTest {

    private static void check(int m, int k, int n, long seed) {
        Random r = new Random(seed);
        int aOff = r.nextInt(3);
        int bOff = r.nextInt(3);
        int cOff = r.nextInt(3);
        float[] a = new float[aOff + m * k];
        float[] b = new float[bOff + k * n];
        float[] c = new float[cOff + m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        Arrays.fill(c, Float.NaN);
        MatMulKernel.multiply(a, aOff, b, bOff, c, cOff, m, k, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                assertEquals(s, c[cOff + i * n + j], 1e-5 * Math.sqrt(k) + 1e-6, "C[" + i + "," + j + "] of "
                        + m + "x" + k + "x" + n);
            }
        }
    }

    @Property(tries = 200)
    void matchesTheTripleLoop(@ForAll @IntRange(min = 0, max = 40) int m, @ForAll @IntRange(min = 0, max = 40) int k,
                              @ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        check(m, k, n, seed);
    }

    /** Enough rows that B is packed rather than read in place. */
    @Property(tries = 30)
    void matchesTheTripleLoopWithPackedB(@ForAll @IntRange(min = 65, max = 140) int m,
                                         @ForAll @IntRange(min = 1, max = 40) int k,
                                         @ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        check(m, k, n, seed);
    }

    /** One row of A: the matrix-vector path, rows of B four at a time, then the rest one by one. */
    @Property(tries = 100)
    void matchesTheTripleLoopForOneRow(@ForAll @IntRange(min = 1, max = 70) int k,
                                       @ForAll @IntRange(min = 1, max = 100) int n, @ForAll long seed) {
        check(1, k, n, seed);
    }

    @Test
    void sizesThatCrossEveryBlockBoundary() {
        // Past KC in k, past the parallel threshold, and past the column panel in n.
        check(97, 301, 33, 1);
        check(130, 257, 530, 2);
        check(1, 600, 17, 3);
        // Packed B past the packing block in n with a ragged last panel, split by rows.
        check(300, 40, 1100, 4);
        // Few rows and many columns: split by columns, B in place but for its ragged panel.
        check(20, 300, 1000, 5);
        // k of one, packed and in place.
        check(70, 1, 33, 6);
        check(9, 1, 65, 7);
        // One row past the parallel threshold, with a column tail and a k tail.
        check(1, 1027, 1001, 8);
        // One column.
        check(33, 17, 1, 9);
    }
}
