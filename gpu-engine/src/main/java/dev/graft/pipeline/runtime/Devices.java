package dev.graft.pipeline.runtime;

import dev.graft.engine.train.NodeRunner;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;

/**
 * What the workers of a step run on: CPU threads ({@link CpuDevices}) or GPUs. A
 * worker thread attaches to its device before its first task; the device says how
 * its nodes run, how messages reach the other devices, and how data-parallel
 * replicas average their gradients.
 */
public interface Devices extends AutoCloseable {

    /** For the first line of {@code graft train}: "2 cpu workers", "cuda:0, cuda:1 (...)". */
    String describe(int count);

    /** Refuses, in one line, a step on {@code count} devices that these cannot run. */
    void requireCount(int count);

    /** Binds the calling worker thread to device {@code device} (a GPU: its context). */
    void attach(int device);

    /** Undoes {@link #attach} on the calling thread. */
    void detach(int device);

    /** How stage nodes run on device {@code device}. */
    NodeRunner runner(int device);

    /** A fresh transport for one step of {@code schedule}; no transfer waits longer than {@code timeout}. */
    Transport transport(Schedule schedule, Duration timeout);

    /** The clock of device {@code device}'s own work ({@link DeviceClock#NONE} unless it keeps one). */
    default DeviceClock clock(int device) {
        return DeviceClock.NONE;
    }

    /** The all-reduce among {@code count} data-parallel replicas, one per device. */
    GradientReducer reducer(int count);

    @Override
    void close();
}
