package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a schedule the way the runtime would run it: each device works through
 * its own list in order, a task starts once every task it depends on has finished,
 * and sends never block (the runtime's channels are unbounded). Replaying finds a
 * global order in which all tasks run, or shows where the devices get stuck: a
 * task placed before something it needs on its own device, or devices that all
 * wait for one another.
 */
public final class ExecutionOrder {

    /** Called for each task in a feasible global order. */
    @FunctionalInterface
    public interface Visitor {
        void run(int device, Task task);
    }

    private ExecutionOrder() {
    }

    /** Visits every task in an order that respects the device lists and the dependencies, or throws. */
    public static void replay(Schedule schedule, Dependencies deps, Visitor visitor) {
        List<List<Task>> lists = schedule.devices();
        int[] next = new int[lists.size()];
        Set<Task> done = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int d = 0; d < lists.size(); d++) {
                List<Task> list = lists.get(d);
                while (next[d] < list.size() && done.containsAll(deps.of(list.get(next[d])))) {
                    Task t = list.get(next[d]++);
                    visitor.run(d, t);
                    done.add(t);
                    progress = true;
                }
            }
        }
        for (int d = 0; d < lists.size(); d++) {
            if (next[d] < lists.get(d).size()) {
                throw new ScheduleError("schedule '" + schedule.name() + "' " + diagnose(schedule, deps, next, done));
            }
        }
    }

    private static String diagnose(Schedule schedule, Dependencies deps, int[] next, Set<Task> done) {
        Map<Task, Integer> deviceOf = new HashMap<>();
        List<List<Task>> lists = schedule.devices();
        for (int d = 0; d < lists.size(); d++) {
            for (Task t : lists.get(d)) {
                deviceOf.putIfAbsent(t, d);
            }
        }
        List<String> waits = new ArrayList<>();
        for (int d = 0; d < lists.size(); d++) {
            if (next[d] == lists.get(d).size()) {
                continue;
            }
            Task head = lists.get(d).get(next[d]);
            for (Task need : deps.of(head)) {
                if (done.contains(need)) {
                    continue;
                }
                Integer at = deviceOf.get(need);
                if (at == null) {
                    return "cannot run " + head + " on device " + d + ": no device runs " + need;
                }
                if (at == d) {
                    return "breaks a dependency: " + head + " comes before " + need + " on device " + d;
                }
                waits.add("device " + d + " waits at " + head + " for " + need + " (device " + at + ")");
                break;
            }
        }
        return "deadlocks: " + String.join("; ", waits);
    }
}
