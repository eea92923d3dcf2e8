package dev.graft.pipeline.runtime;

import dev.graft.engine.train.NodeRunner;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;

/** Devices that do what {@code real} does; tests override the part they change (a runner, a transport). */
public class ForwardingDevices implements Devices {
    protected final Devices real;

    public ForwardingDevices(Devices real) {
        this.real = real;
    }

    @Override
    public String describe(int count) {
        return real.describe(count);
    }

    @Override
    public void requireCount(int count) {
        real.requireCount(count);
    }

    @Override
    public void attach(int device) {
        real.attach(device);
    }

    @Override
    public void detach(int device) {
        real.detach(device);
    }

    @Override
    public NodeRunner runner(int device) {
        return real.runner(device);
    }

    @Override
    public Transport transport(Schedule schedule, Duration timeout) {
        return real.transport(schedule, timeout);
    }

    @Override
    public DeviceClock clock(int device) {
        return real.clock(device);
    }

    @Override
    public GradientReducer reducer(int count) {
        return real.reducer(count);
    }

    @Override
    public void close() {
        real.close();
    }
}
