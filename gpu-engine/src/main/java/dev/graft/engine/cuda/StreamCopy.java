package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;

import jcuda.driver.CUdeviceptr;

/**
 * A copy between two blocks of one GPU's memory, enqueued on a stream, so that it
 * follows what the stream ran before it (the transfer that filled the source) and
 * precedes what it runs after (the passes that read the target) without a host wait.
 */
public final class StreamCopy {
    private StreamCopy() {
    }

    public static void deviceToDevice(CUdeviceptr target, CUdeviceptr source, long bytes, CudaStream stream) {
        CudaCheck.call(cuMemcpyDtoDAsync(target, source, bytes, stream.handle()), "cuMemcpyDtoDAsync of " + bytes
                + " bytes");
    }
}
