package dev.graft.engine.cuda;

/**
 * The two launch shapes of the graph-op kernels, each matching its template's {@code
 * __launch_bounds__}. Launches only queue work on the runtime's stream: nothing here
 * waits for the device.
 */
final class Launches {
    /** Threads per CTA of the grid-stride kernels (elementwise, rotary, gather). */
    private static final int ELEMENT_THREADS = 256;
    /** Rows per CTA of the row kernels (norm_rows, softmax_rows, reduce): one warp per row. */
    private static final int ROWS_PER_CTA = 4;

    private Launches() {
    }

    /**
     * Launches a grid-stride kernel over {@code n} elements: enough CTAs to cover them, at
     * most eight per multiprocessor (each thread then loops).
     */
    static void overElements(CudaRuntime gpu, CudaKernel kernel, long n, Object... args) {
        int blocks = (int) Math.max(1, Math.min((n + ELEMENT_THREADS - 1L) / ELEMENT_THREADS,
                8L * gpu.context().smCount()));
        kernel.launch(gpu.stream(), new int[] {blocks, 1, 1}, new int[] {ELEMENT_THREADS, 1, 1}, 0, args);
    }

    /** Launches a one-warp-per-row kernel over {@code rows} rows. */
    static void overRows(CudaRuntime gpu, CudaKernel kernel, long rows, Object... args) {
        kernel.launch(gpu.stream(), new int[] {(int) Math.max(1, (rows + ROWS_PER_CTA - 1) / ROWS_PER_CTA), 1, 1},
                new int[] {32 * ROWS_PER_CTA, 1, 1}, 0, args);
    }
}
