package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides before anything runs whether a schedule can run: every task in range,
 * none repeated, none missing, each stage on one device, and a replay of the
 * device lists ({@link ExecutionOrder}) that neither breaks a dependency nor
 * deadlocks. Each failure is one line naming the schedule and the tasks involved.
 */
public final class ScheduleChecker {
    private static final int LISTED = 5;

    private ScheduleChecker() {
    }

    public static void check(Schedule schedule, StageGraph graph) {
        String where = "schedule '" + schedule.name() + "'";
        if (schedule.stages() < 1 || schedule.microbatches() < 1 || schedule.deviceCount() < 1) {
            throw new ScheduleError(where + " needs at least one stage, microbatch and device (has "
                    + schedule.stages() + ", " + schedule.microbatches() + ", " + schedule.deviceCount() + ")");
        }
        if (graph.stageCount() != schedule.stages()) {
            throw new ScheduleError(where + " has " + schedule.stages() + " stages but the model is cut into "
                    + graph.stageCount());
        }
        Map<Task, String> seenAt = new HashMap<>();
        Map<Integer, Task> firstOfStage = new HashMap<>();
        Map<Integer, Integer> deviceOfStage = new HashMap<>();
        for (int d = 0; d < schedule.deviceCount(); d++) {
            List<Task> list = schedule.devices().get(d);
            for (int i = 0; i < list.size(); i++) {
                Task t = list.get(i);
                String at = "device " + d + " position " + i;
                checkRange(schedule, where, t, at);
                String earlier = seenAt.putIfAbsent(t, at);
                if (earlier != null) {
                    throw new ScheduleError(where + " repeats " + t + ": " + earlier + " and " + at);
                }
                Integer home = deviceOfStage.putIfAbsent(t.stage(), d);
                firstOfStage.putIfAbsent(t.stage(), t);
                if (home != null && home != d) {
                    throw new ScheduleError(where + " splits stage " + t.stage() + " across devices: "
                            + firstOfStage.get(t.stage()) + " on device " + home + " and " + t + " on device " + d);
                }
            }
        }
        List<Task> missing = missing(schedule, seenAt);
        if (!missing.isEmpty()) {
            List<String> shown = missing.stream().limit(LISTED).map(Task::toString).toList();
            throw new ScheduleError(where + " misses " + missing.size() + " task" + (missing.size() == 1 ? "" : "s")
                    + ": " + String.join(", ", shown) + (missing.size() > LISTED ? ", ..." : ""));
        }
        ExecutionOrder.replay(schedule, new Dependencies(graph), (device, task) -> { });
    }

    private static void checkRange(Schedule schedule, String where, Task t, String at) {
        if (t.stage() < 0 || t.stage() >= schedule.stages()) {
            throw new ScheduleError(where + ", " + at + ": " + t + " names stage " + t.stage()
                    + " but there are " + schedule.stages() + " stages (0.." + (schedule.stages() - 1) + ")");
        }
        if (t.microbatch() < 0 || t.microbatch() >= schedule.microbatches()) {
            throw new ScheduleError(where + ", " + at + ": " + t + " names microbatch " + t.microbatch()
                    + " but there are " + schedule.microbatches() + " (0.." + (schedule.microbatches() - 1) + ")");
        }
    }

    private static List<Task> missing(Schedule schedule, Map<Task, String> present) {
        List<TaskKind> kinds = schedule.splitsBackward()
                ? List.of(TaskKind.F, TaskKind.B, TaskKind.W) : List.of(TaskKind.F, TaskKind.B);
        List<Task> missing = new ArrayList<>();
        for (int s = 0; s < schedule.stages(); s++) {
            for (int m = 0; m < schedule.microbatches(); m++) {
                for (TaskKind k : kinds) {
                    Task t = new Task(s, m, k);
                    if (!present.containsKey(t)) {
                        missing.add(t);
                    }
                }
            }
        }
        return missing;
    }
}
