package dev.graft.pipeline.runtime;

import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;

/**
 * Devices whose workers are threads of this process with nothing to bind: messages
 * pass on the host ({@link Channels}) and replicas average their gradients there
 * ({@link HostReducer}). Subclasses say only how nodes run and how many devices fit.
 */
public abstract class InProcessDevices implements Devices {

    @Override
    public final void attach(int device) {
    }

    @Override
    public final void detach(int device) {
    }

    @Override
    public final Transport transport(Schedule schedule, Duration timeout) {
        return new Channels();
    }

    @Override
    public final GradientReducer reducer(int count) {
        return new HostReducer(count);
    }

    @Override
    public final void close() {
    }
}
