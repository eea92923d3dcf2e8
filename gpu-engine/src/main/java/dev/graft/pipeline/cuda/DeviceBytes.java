package dev.graft.pipeline.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpy;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.PrimaryContext;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * A block of bytes on one GPU that carries a message: allocated in that GPU's context
 * and freed there only when the step is over, because freeing memory waits for the
 * whole device, which could be in the middle of a transfer that waits for this
 * thread.
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

    DeviceBytes upload(byte[] data) {
        device.within(() -> check(cuMemcpyHtoD(pointer, Pointer.to(data), bytes), "cuMemcpyHtoD"));
        return this;
    }

    byte[] download() {
        byte[] data = new byte[(int) bytes];
        device.within(() -> check(cuMemcpyDtoH(Pointer.to(data), pointer, bytes), "cuMemcpyDtoH"));
        return data;
    }

    /** Copies this block into {@code target}, which may be on another GPU (unified addressing). */
    void copyTo(DeviceBytes target) {
        device.within(() -> check(cuMemcpy(target.pointer, pointer, bytes),
                "cuMemcpy from cuda:" + device.ordinal() + " to cuda:" + target.device.ordinal()));
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
