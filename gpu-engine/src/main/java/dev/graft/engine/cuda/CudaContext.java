package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import java.util.Optional;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * One CUDA device and its primary context, made current on the calling thread, through
 * JCuda's driver API (which needs only libcuda.so.1 and runs on the CUDA 13 driver).
 */
public final class CudaContext implements AutoCloseable {
    private final CUdevice device;
    private final CUcontext context;
    private final String name;
    private final int smCount;
    private final int major;
    private final int minor;
    private final int maxSharedPerBlockOptin;

    private CudaContext(int ordinal) {
        device = new CUdevice();
        CudaCheck.call(cuDeviceGet(device, ordinal), "cuDeviceGet");
        context = new CUcontext();
        CudaCheck.call(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        CudaCheck.call(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        byte[] nameBytes = new byte[256];
        CudaCheck.call(cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        name = new String(nameBytes, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
        smCount = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        maxSharedPerBlockOptin = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
    }

    /**
     * Why no CUDA device can be used here, or empty when one can: a missing driver
     * library, no device, or an initialization error.
     */
    public static Optional<String> unavailableReason() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int result = cuInit(0);
            if (result != 0) {
                return Optional.of("cuInit failed: " + jcuda.driver.CUresult.stringFor(result));
            }
            int[] count = new int[1];
            result = cuDeviceGetCount(count);
            if (result != 0 || count[0] == 0) {
                return Optional.of("no CUDA device found");
            }
            return Optional.empty();
        } catch (Throwable noDriver) {
            String message = String.valueOf(noDriver.getMessage());
            String cause = message.contains("libcuda.so.1") ? "libcuda.so.1 not found (no NVIDIA driver)"
                    : message.lines().findFirst().orElse(message);
            return Optional.of("CUDA driver not loadable: " + cause);
        }
    }

    /** Opens device {@code ordinal}; fails with the reason when CUDA is unavailable. */
    public static CudaContext open(int ordinal) {
        unavailableReason().ifPresent(reason -> {
            throw new CudaException("no CUDA device: " + reason);
        });
        return new CudaContext(ordinal);
    }

    private int attribute(int attribute) {
        int[] value = new int[1];
        CudaCheck.call(cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute");
        return value[0];
    }

    public String name() {
        return name;
    }

    public int smCount() {
        return smCount;
    }

    /** The major compute capability, e.g. 9 for Hopper. */
    public int majorVersion() {
        return major;
    }

    /** The NVRTC architecture of this device, e.g. sm_90 for Hopper. */
    public String arch() {
        return "sm_" + major + minor;
    }

    /** The most shared memory one CTA may use once it opts in. */
    public int maxSharedPerBlockOptin() {
        return maxSharedPerBlockOptin;
    }

    /** Free and total device memory in bytes. */
    public long[] memoryInfo() {
        long[] free = new long[1];
        long[] total = new long[1];
        CudaCheck.call(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new long[] {free[0], total[0]};
    }

    public void synchronize() {
        CudaCheck.call(cuCtxSynchronize(), "cuCtxSynchronize");
    }

    @Override
    public void close() {
        cuDevicePrimaryCtxRelease(device);
    }
}
