package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

/**
 * Zeroes a device tensor on the runtime's stream: ordered with the kernels around it (no
 * wait, unlike {@link DeviceBuffer#fill}), and a memset node when the run is captured. The
 * outputs of the scatter ops start from zero. All-zero bytes are 0.0 in fp32 and bf16.
 */
final class StreamZero {
    private StreamZero() {
    }

    static void zero(CudaRuntime gpu, DeviceTensor t) {
        if (t.bytes() > 0) {
            CudaCheck.call(cuMemsetD8Async(t.pointer(), (byte) 0, t.bytes(), gpu.stream().handle()), "cuMemsetD8Async");
        }
    }
}
