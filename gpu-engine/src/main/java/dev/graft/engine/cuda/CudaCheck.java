package dev.graft.engine.cuda;

import jcuda.driver.CUresult;

/**
 * Turns a driver API result code into a {@link CudaException} naming the call; while the
 * thread captures a CUDA graph, also a call that succeeded but invalidated the capture.
 */
final class CudaCheck {
    private CudaCheck() {
    }

    static void call(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(what + " failed" + (CudaGraph.capturing() ? " during CUDA graph capture" : "")
                    + ": " + CUresult.stringFor(result));
        }
        CudaGraph.requireValidCapture(what);
    }
}
