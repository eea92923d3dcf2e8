package dev.graft.engine.cuda;

import java.util.Optional;

/**
 * Everything one process needs on a CUDA device (the first unless told otherwise): its context, a memory pool, a
 * stream, the attention kernel family with its disk cache and the library on top, and
 * cuBLAS.
 */
public final class CudaRuntime implements AutoCloseable {
    private final CudaContext context;
    private final DeviceMemoryPool pool;
    private final CudaStream stream;
    private final KernelLoader loader;
    private final AttentionKernels kernels;
    private final CudaAttention attention;
    private Cublas cublas;

    private CudaRuntime(int ordinal) {
        context = CudaContext.open(ordinal);
        pool = new DeviceMemoryPool(context, Long.MAX_VALUE);
        stream = new CudaStream();
        loader = new KernelLoader(KernelCache.defaultFor(context.arch()));
        kernels = new AttentionKernels(context, loader);
        attention = new CudaAttention(pool, kernels, stream);
    }

    /** Why CUDA work cannot run here (no driver, no device, no NVRTC), or empty when it can. */
    public static Optional<String> unavailableReason() {
        Optional<String> device = CudaContext.unavailableReason();
        if (device.isPresent()) {
            return device;
        }
        try {
            Nvrtc.get().version();
            return Optional.empty();
        } catch (CudaException e) {
            return Optional.of(e.getMessage());
        }
    }

    public static CudaRuntime open() {
        return new CudaRuntime(0);
    }

    /** Opens device {@code ordinal}; its primary context becomes current on the calling thread. */
    public static CudaRuntime open(int ordinal) {
        return new CudaRuntime(ordinal);
    }

    public CudaContext context() {
        return context;
    }

    public DeviceMemoryPool pool() {
        return pool;
    }

    public CudaStream stream() {
        return stream;
    }

    /** Every compiled kernel of this runtime, attention's and the graph ops'. */
    public KernelLoader loader() {
        return loader;
    }

    public AttentionKernels kernels() {
        return kernels;
    }

    public CudaAttention attention() {
        return attention;
    }

    /** The cuBLAS handle on this runtime's stream, made on first use. */
    public Cublas cublas() {
        if (cublas == null) {
            cublas = new Cublas(stream);
        }
        return cublas;
    }

    @Override
    public void close() {
        if (cublas != null) {
            cublas.close();
        }
        pool.close();
        stream.close();
        context.close();
    }
}
