package dev.graft.pipeline.runtime;

import dev.graft.engine.train.NodeRunner;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;

/** Worker threads of this process, as many as a schedule has devices; messages pass by reference. */
public final class CpuDevices implements Devices {
    public static final CpuDevices INSTANCE = new CpuDevices();

    private CpuDevices() {
    }

    @Override
    public String describe(int count) {
        return count + (count == 1 ? " cpu worker" : " cpu workers");
    }

    @Override
    public void requireCount(int count) {
    }

    @Override
    public void attach(int device) {
    }

    @Override
    public void detach(int device) {
    }

    @Override
    public NodeRunner runner(int device) {
        return NodeRunner.INTERPRETER;
    }

    @Override
    public Transport transport(Schedule schedule, Duration timeout) {
        return new Channels();
    }

    @Override
    public GradientReducer reducer(int count) {
        return new HostReducer(count);
    }

    @Override
    public void close() {
    }
}
