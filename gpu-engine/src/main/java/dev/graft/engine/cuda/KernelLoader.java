package dev.graft.engine.cuda;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compiled kernels of one process: each specialization is compiled (or read from the
 * {@link KernelCache}) and loaded once, its launch attributes set when it is first loaded.
 */
public final class KernelLoader {
    private final KernelCache cache;
    private final Map<KernelSource, CudaKernel> loaded = new HashMap<>();

    public KernelLoader(KernelCache cache) {
        this.cache = cache;
    }

    /** Compiles (or loads from disk) a specialization; the specialization is named in compile errors. */
    public CudaKernel load(KernelSource source) {
        return load(source, kernel -> { });
    }

    /** As {@link #load(KernelSource)}, running {@code configure} once when the kernel is first loaded. */
    public synchronized CudaKernel load(KernelSource source, Consumer<CudaKernel> configure) {
        CudaKernel kernel = loaded.get(source);
        if (kernel == null) {
            kernel = new CudaKernel(cache.get(source).cubin(), source.name());
            configure.accept(kernel);
            loaded.put(source, kernel);
        }
        return kernel;
    }
}
