package dev.graft.engine.cuda;

import jcuda.driver.CUresult;

/** Turns a driver API result code into a {@link CudaException} naming the call. */
final class CudaCheck {
    private CudaCheck() {
    }

    static void call(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(what + " failed: " + CUresult.stringFor(result));
        }
    }
}
