package dev.graft.engine.cuda;

import java.util.Optional;

/** A device, pool, stream and attention library for GPU tests and benchmarks, or the reason there is none. */
final class GpuSession implements AutoCloseable {
    final CudaContext context;
    final DeviceMemoryPool pool;
    final CudaStream stream;
    final AttentionKernels kernels;
    final CudaAttention attention;

    private GpuSession() {
        context = CudaContext.open(0);
        pool = new DeviceMemoryPool(context, Long.MAX_VALUE);
        stream = new CudaStream();
        kernels = new AttentionKernels(context, KernelCache.defaultFor(context.arch()));
        attention = new CudaAttention(pool, kernels, stream);
    }

    /** Why GPU tests cannot run here (no driver, no device, no NVRTC), or empty when they can. */
    static Optional<String> unavailableReason() {
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

    static GpuSession open() {
        return new GpuSession();
    }

    GpuChecks checks() {
        return new GpuChecks(context, attention, kernels, stream);
    }

    @Override
    public void close() {
        pool.close();
        stream.close();
        context.close();
    }
}
