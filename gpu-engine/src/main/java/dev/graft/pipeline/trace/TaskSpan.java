package dev.graft.pipeline.trace;

import dev.graft.pipeline.schedule.Task;

/**
 * One task as it ran: on which device, from when to when (nanoseconds on one
 * clock), and the CPU time its thread spent in it. Wall time and CPU time differ
 * when more workers than cores share the machine; the CPU time is then what the
 * task would take on a core of its own.
 */
public record TaskSpan(int device, Task task, long startNanos, long endNanos, long cpuNanos) {

    /** A span whose thread ran the whole time (simulated timelines). */
    public TaskSpan(int device, Task task, long startNanos, long endNanos) {
        this(device, task, startNanos, endNanos, endNanos - startNanos);
    }

    public long nanos() {
        return endNanos - startNanos;
    }
}
