package dev.graft.pipeline.runtime;

/**
 * The time a task's work takes on its device, when the device runs it apart from the
 * host (a GPU runs what its worker enqueues later than the worker enqueues it, so the
 * host's span of a task says little of its device time). Off unless asked for: reading
 * it waits for the device.
 */
public interface DeviceClock {
    /** For devices whose work is the host thread's own (CPU workers), or when not asked for. */
    DeviceClock NONE = () -> null;

    /** Starts timing what the calling worker enqueues from now on; null when there is nothing to time. */
    Interval start();

    /** The device work enqueued between {@link #start} and {@link #end}. */
    interface Interval {
        /** Called on the worker thread after the task has enqueued its work. */
        void end();

        /** The device time between start and end, waiting until the device got there; frees the interval. */
        long nanos();
    }
}
