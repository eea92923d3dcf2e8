package dev.graft.serve.device;

import dev.graft.engine.cuda.CudaKernel;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.KernelSource;
import java.util.Map;

/**
 * Serving's own kernel templates (contiguous_kv.cu, paged_rows.cu, argmax_rows.cu), compiled
 * through the runtime's loader, and their two launch shapes. Launches only queue work on
 * the runtime's stream.
 */
public final class ServingKernels {
    /** Threads per CTA of the grid-stride kernels. */
    private static final int ELEMENT_THREADS = 256;
    /** Rows per CTA of the one-warp-per-row kernels (their {@code __launch_bounds__(128)}). */
    private static final int ROWS_PER_CTA = 4;

    private ServingKernels() {
    }

    public static CudaKernel load(CudaRuntime gpu, String entry, String file, Map<String, ?> defines) {
        return gpu.loader().load(KernelSource.template(entry, file).define(defines));
    }

    /** A grid-stride launch over {@code n} elements, at most eight CTAs per multiprocessor. */
    public static void overElements(CudaRuntime gpu, CudaKernel kernel, long n, Object... args) {
        int blocks = (int) Math.max(1, Math.min((n + ELEMENT_THREADS - 1) / ELEMENT_THREADS,
                8L * gpu.context().smCount()));
        kernel.launch(gpu.stream(), new int[] {blocks, 1, 1}, new int[] {ELEMENT_THREADS, 1, 1}, 0, args);
    }

    /** A one-warp-per-row launch over {@code rows} rows. */
    public static void overRows(CudaRuntime gpu, CudaKernel kernel, long rows, Object... args) {
        kernel.launch(gpu.stream(), new int[] {(int) Math.max(1, (rows + ROWS_PER_CTA - 1) / ROWS_PER_CTA), 1, 1},
                new int[] {32 * ROWS_PER_CTA, 1, 1}, 0, args);
    }
}
