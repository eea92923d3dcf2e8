package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventQuery;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import jcuda.driver.CUevent;
import jcuda.driver.CUresult;
import jcuda.driver.CUevent_flags;

/**
 * A CUDA event: a point in a stream's work, used to time that work with the device's
 * own clock, or only to order other work after it ({@link #forOrdering}).
 */
public final class CudaEvent implements AutoCloseable {
    private final CUevent event = new CUevent();

    public CudaEvent() {
        this(CUevent_flags.CU_EVENT_DEFAULT);
    }

    private CudaEvent(int flags) {
        CudaCheck.call(cuEventCreate(event, flags), "cuEventCreate");
    }

    /** An event that only orders work (no timestamps, which makes recording it cheaper). */
    public static CudaEvent forOrdering() {
        return new CudaEvent(CUevent_flags.CU_EVENT_DISABLE_TIMING);
    }

    CUevent handle() {
        return event;
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

    /** Whether the work before the last record has run (true if never recorded); does not wait. */
    public boolean reached() {
        int status = cuEventQuery(event);
        if (status == CUresult.CUDA_ERROR_NOT_READY) {
            return false;
        }
        CudaCheck.call(status, "cuEventQuery");
        return true;
    }

    /** Waits on this thread until the work before the last record has run (at once if never recorded). */
    public void synchronize() {
        CudaCheck.call(cuEventSynchronize(event), "cuEventSynchronize");
    }

    @Override
    public void close() {
        cuEventDestroy(event);
    }
}
