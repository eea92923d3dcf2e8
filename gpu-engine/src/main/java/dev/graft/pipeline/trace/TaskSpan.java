package dev.graft.pipeline.trace;

import dev.graft.pipeline.schedule.Task;

/** One task as it ran: on which device, from when to when (nanoseconds on one clock). */
public record TaskSpan(int device, Task task, long startNanos, long endNanos) {
    public long nanos() {
        return endNanos - startNanos;
    }
}
