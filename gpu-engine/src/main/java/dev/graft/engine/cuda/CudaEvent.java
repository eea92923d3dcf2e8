package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import jcuda.driver.CUevent;

/** A CUDA event, used to time work on a stream with the device's own clock. */
public final class CudaEvent implements AutoCloseable {
    private final CUevent event = new CUevent();

    public CudaEvent() {
        CudaCheck.call(cuEventCreate(event, 0), "cuEventCreate");
    }

    public void record(CudaStream stream) {
        CudaCheck.call(cuEventRecord(event, stream.handle()), "cuEventRecord");
    }

    /** Milliseconds from {@code start} to this event, waiting for this event first. */
    public float millisSince(CudaEvent start) {
        CudaCheck.call(cuEventSynchronize(event), "cuEventSynchronize");
        float[] ms = new float[1];
        CudaCheck.call(cuEventElapsedTime(ms, start.event, event), "cuEventElapsedTime");
        return ms[0];
    }

    @Override
    public void close() {
        cuEventDestroy(event);
    }
}
