package dev.graft.pipeline.trace;

import dev.graft.pipeline.schedule.Dependencies;
import dev.graft.pipeline.schedule.ExecutionOrder;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The timeline a schedule would have with given task costs and a given latency on
 * every message between devices: a task starts when its device is free and every
 * task it depends on has finished (plus the latency if that task ran elsewhere).
 * This is how schedules are compared without hardware: the figures for several
 * hosts, where a send crosses the network, come from here with a larger latency.
 */
public final class ScheduleSimulator {
    private ScheduleSimulator() {
    }

    public static Timeline simulate(Schedule schedule, Dependencies deps, ToLongFunction<Task> costNanos,
                                    long latencyNanos) {
        long[] free = new long[schedule.deviceCount()];
        Map<Task, TaskSpan> finished = new HashMap<>();
        List<TaskSpan> spans = new ArrayList<>();
        ExecutionOrder.replay(schedule, deps, (device, task) -> {
            long start = free[device];
            for (Task need : deps.of(task)) {
                TaskSpan before = finished.get(need);
                start = Math.max(start, before.endNanos() + (before.device() == device ? 0 : latencyNanos));
            }
            TaskSpan span = new TaskSpan(device, task, start, start + costNanos.applyAsLong(task));
            free[device] = span.endNanos();
            finished.put(task, span);
            spans.add(span);
        });
        return new Timeline(schedule.deviceCount(), spans);
    }
}
