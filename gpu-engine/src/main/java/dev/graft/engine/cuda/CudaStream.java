package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;
import static jcuda.driver.JCudaDriver.cuStreamWaitEvent;

import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/** A non-blocking CUDA stream: kernels launched on it run in order, apart from the legacy stream. */
public final class CudaStream implements AutoCloseable {
    private final CUstream stream = new CUstream();

    public CudaStream() {
        CudaCheck.call(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
    }

    CUstream handle() {
        return stream;
    }

    public void synchronize() {
        CudaCheck.call(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /**
     * Makes the work enqueued on this stream from now on wait, on the device, for what
     * preceded {@code event}'s last record, on any stream of any GPU (nothing, if it
     * was never recorded). The host does not wait.
     */
    public void waitFor(CudaEvent event) {
        CudaCheck.call(cuStreamWaitEvent(stream, event.handle(), 0), "cuStreamWaitEvent");
    }

    @Override
    public void close() {
        cuStreamDestroy(stream);
    }
}
