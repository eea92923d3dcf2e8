package dev.graft.pipeline.runtime;

import dev.graft.pipeline.schedule.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What each worker is doing and when any task last finished: the watchdog's view,
 * so that a task stuck in computation (not in a receive, which times out by
 * itself) still ends the step with an error that says where it is stuck.
 */
final class Progress {
    private final AtomicReferenceArray<Task> current;
    private final AtomicLong lastFinished = new AtomicLong(System.nanoTime());

    Progress(int devices) {
        current = new AtomicReferenceArray<>(devices);
    }

    void starting(int device, Task task) {
        current.set(device, task);
    }

    void finished(int device) {
        current.set(device, null);
        lastFinished.set(System.nanoTime());
    }

    long nanosSinceLastFinished() {
        return System.nanoTime() - lastFinished.get();
    }

    /** "device 0 at F(0,3), device 2 at B(2,1)": the devices in the middle of a task. */
    String busy() {
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < current.length(); d++) {
            Task t = current.get(d);
            if (t != null) {
                parts.add("device " + d + " at " + t);
            }
        }
        return parts.isEmpty() ? "no device in a task" : String.join(", ", parts);
    }
}
