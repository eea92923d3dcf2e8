package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaEvent;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.engine.cuda.PrimaryContext;
import dev.graft.pipeline.runtime.DeviceClock;

/**
 * The device time of a GPU worker's tasks: a timing event recorded on the worker's
 * stream before and after the work a task enqueues (its passes and the copies of the
 * messages it takes, the ncclSends it enqueues), read with the GPU's own clock. The
 * interval includes any time the stream waited within the task for the host to
 * enqueue more work or for a send's receiver, which is what the device spent on it.
 */
final class StreamClock implements DeviceClock {
    private final PrimaryContext device;
    private final CudaStream stream;

    StreamClock(PrimaryContext device, CudaStream stream) {
        this.device = device;
        this.stream = stream;
    }

    @Override
    public Interval start() {
        CudaEvent start = new CudaEvent();
        CudaEvent end = new CudaEvent();
        start.record(stream);
        return new Interval() {
            @Override
            public void end() {
                end.record(stream);
            }

            @Override
            public long nanos() {
                return device.within(() -> {
                    try (start; end) {
                        return (long) (end.millisSince(start) * 1e6);
                    }
                });
            }
        };
    }
}
