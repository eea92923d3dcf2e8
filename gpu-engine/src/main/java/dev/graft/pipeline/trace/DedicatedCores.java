package dev.graft.pipeline.trace;

import dev.graft.pipeline.schedule.Dependencies;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.schedule.Task;
import java.util.HashMap;
import java.util.Map;

/**
 * The timeline a measured step would have had with a core per device: each task
 * keeps the CPU time it really took, and the schedule is replayed with the
 * {@link ScheduleSimulator}. On a machine with fewer cores than pipeline devices
 * the wall-clock timeline hides bubbles (an idle device's core serves a busy
 * one); this replay shows them, with real task costs instead of assumed ones.
 */
public final class DedicatedCores {
    private DedicatedCores() {
    }

    public static Timeline replay(Schedule schedule, StageGraph graph, Timeline measured, long latencyNanos) {
        Map<Task, Long> cpu = new HashMap<>();
        measured.spans().forEach(s -> cpu.put(s.task(), s.cpuNanos()));
        return ScheduleSimulator.simulate(schedule, new Dependencies(graph), cpu::get, latencyNanos);
    }
}
