package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuCtxPopCurrent;
import static jcuda.driver.JCudaDriver.cuCtxPushCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;

/**
 * The primary context of one GPU, which the CUDA runtime, NCCL and every {@link
 * CudaRuntime} of that device share: a thread that works on the device makes it
 * current first ({@link #makeCurrent}), since a context is current per thread.
 */
public final class PrimaryContext implements AutoCloseable {
    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final String name;

    private PrimaryContext(int ordinal) {
        this.ordinal = ordinal;
        CudaCheck.call(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        CudaCheck.call(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain(" + ordinal + ")");
        byte[] bytes = new byte[256];
        CudaCheck.call(cuDeviceGetName(bytes, bytes.length, device), "cuDeviceGetName");
        name = new String(bytes, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    /** Retains device {@code ordinal}'s primary context; fails with the reason when CUDA is unavailable. */
    public static PrimaryContext retain(int ordinal) {
        CudaContext.unavailableReason().ifPresent(reason -> {
            throw new CudaException("no CUDA device: " + reason);
        });
        return new PrimaryContext(ordinal);
    }

    /** How many CUDA devices this process sees; 0 when there is no driver or device. */
    public static int deviceCount() {
        if (CudaContext.unavailableReason().isPresent()) {
            return 0;
        }
        int[] count = new int[1];
        CudaCheck.call(cuDeviceGetCount(count), "cuDeviceGetCount");
        return count[0];
    }

    public int ordinal() {
        return ordinal;
    }

    public String name() {
        return name;
    }

    /** Makes this context the calling thread's current one. */
    public void makeCurrent() {
        CudaCheck.call(cuCtxSetCurrent(context), "cuCtxSetCurrent(cuda:" + ordinal + ")");
    }

    /** Runs {@code work} with this context current, then gives the thread back its own. */
    public <T> T within(Supplier<T> work) {
        CudaCheck.call(cuCtxPushCurrent(context), "cuCtxPushCurrent(cuda:" + ordinal + ")");
        try {
            return work.get();
        } finally {
            cuCtxPopCurrent(new CUcontext());
        }
    }

    @Override
    public void close() {
        cuDevicePrimaryCtxRelease(device);
    }
}
