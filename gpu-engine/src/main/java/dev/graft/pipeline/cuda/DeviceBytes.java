package dev.graft.pipeline.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpy;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.PrimaryContext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * A block of bytes on one GPU that carries messages (a {@link ReceiveBlock}): allocated
 * in that GPU's context and freed there only when the devices close, because freeing
 * memory waits for the whole device, which during a step could be in the middle of a
 * transfer that waits for the freeing thread.
 */
final class DeviceBytes {
    private final PrimaryContext device;
    private final CUdeviceptr pointer = new CUdeviceptr();
    private final long bytes;

    DeviceBytes(PrimaryContext device, long bytes) {
        this.device = device;
        this.bytes = bytes;
        device.within(() -> check(cuMemAlloc(pointer, Math.max(1, bytes)),
                "cuMemAlloc of " + bytes + " bytes on cuda:" + device.ordinal()));
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    long bytes() {
        return bytes;
    }

    PrimaryContext device() {
        return device;
    }

    /**
     * Fills this block from {@code source} on {@code from}'s GPU, which may be another
     * one (unified addressing). Waits for the copy: a copy between device blocks returns
     * before it is done, on the legacy stream, which the workers' streams do not follow.
     */
    void copyFrom(PrimaryContext from, CUdeviceptr source) {
        device.within(() -> check(cuMemcpy(pointer, source, bytes),
                "cuMemcpy from cuda:" + from.ordinal() + " to cuda:" + device.ordinal()));
        device.within(() -> check(cuCtxSynchronize(), "cuCtxSynchronize after a copy to cuda:" + device.ordinal()));
    }

    void free() {
        device.within(() -> cuMemFree(pointer));
    }

    private static int check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(what + " failed: " + CUresult.stringFor(result));
        }
        return result;
    }
}
