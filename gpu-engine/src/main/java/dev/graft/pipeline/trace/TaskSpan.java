package dev.graft.pipeline.trace;

import dev.graft.pipeline.schedule.Task;

/**
 * One task as it ran: on which device, from when to when (nanoseconds on one
 * clock), the CPU time its thread spent in it and, where the device keeps a clock of
 * its own and was asked to ({@code DeviceClock}), the time the device spent on the
 * work the task enqueued (−1 otherwise). Wall time and CPU time differ
 * when more workers than cores share the machine; the CPU time is then what the
 * task would take on a core of its own. On a GPU the host's span is mostly the
 * time to enqueue the work, and the device time is what the task costs.
 */
public record TaskSpan(int device, Task task, long startNanos, long endNanos, long cpuNanos, long deviceNanos) {

    /** A span without a device time. */
    public TaskSpan(int device, Task task, long startNanos, long endNanos, long cpuNanos) {
        this(device, task, startNanos, endNanos, cpuNanos, -1);
    }

    /** A span whose thread ran the whole time (simulated timelines). */
    public TaskSpan(int device, Task task, long startNanos, long endNanos) {
        this(device, task, startNanos, endNanos, endNanos - startNanos);
    }

    public long nanos() {
        return endNanos - startNanos;
    }
}
