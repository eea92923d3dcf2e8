package dev.graft.engine.train;

import dev.graft.engine.cpu.MatMulKernel;

/**
 * Where the batched matrix products of the backward pass run. The gradient rules
 * call {@link GradMath#matmul}, which asks the products of the current thread: the
 * CPU kernel unless a device worker installed its own for its thread (a CUDA
 * pipeline worker runs them on its GPU), so the rules stay free of devices.
 */
public interface MatrixProducts {

    /** The CPU kernel, one product per batch entry. */
    MatrixProducts CPU = (a, b, count, m, k, n) -> {
        float[] c = new float[count * m * n];
        for (int i = 0; i < count; i++) {
            MatMulKernel.multiply(a, i * m * k, b, i * k * n, c, i * m * n, m, k, n);
        }
        return c;
    };

    /**
     * {@code count} products of row-major {@code a} (count, m, k) and {@code b}
     * (count, k, n); returns c (count, m, n).
     */
    float[] multiply(float[] a, float[] b, int count, int m, int k, int n);

    /** The products of this thread. */
    static MatrixProducts current() {
        return Installed.PRODUCTS.get();
    }

    /** Makes {@code products} this thread's until {@link #reset}. */
    static void install(MatrixProducts products) {
        Installed.PRODUCTS.set(products);
    }

    /** Back to the CPU kernel on this thread. */
    static void reset() {
        Installed.PRODUCTS.remove();
    }

    /** The per-thread choice; a holder because interfaces have no private fields. */
    final class Installed {
        private static final ThreadLocal<MatrixProducts> PRODUCTS = ThreadLocal.withInitial(() -> CPU);

        private Installed() {
        }
    }
}
