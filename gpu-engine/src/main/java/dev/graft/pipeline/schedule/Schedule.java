package dev.graft.pipeline.schedule;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A pipeline schedule as data: for each device, the ordered list of tasks it runs.
 * Every task of a stage runs on the device that holds the stage's weights; which
 * device that is follows from the lists (see {@link ScheduleChecker}). Nothing here
 * is checked; {@link ScheduleChecker#check} decides whether the schedule can run.
 *
 * @param name         shown in reports and traces
 * @param stages       number of pipeline stages S (p·v for interleaved schedules)
 * @param microbatches number of microbatches M per training step
 * @param devices      device d runs {@code devices.get(d)} in order
 * @param theoryBubble the bubble fraction the schedule's analysis predicts for
 *                     tasks of equal cost per kind, when there is one
 */
public record Schedule(String name, int stages, int microbatches, List<List<Task>> devices,
                       OptionalDouble theoryBubble) {

    public Schedule {
        devices = devices.stream().map(List::copyOf).toList();
    }

    /** A user-defined schedule, for which no theory is known. */
    public static Schedule custom(String name, int stages, int microbatches, List<List<Task>> devices) {
        return new Schedule(name, stages, microbatches, devices, OptionalDouble.empty());
    }

    public int deviceCount() {
        return devices.size();
    }

    /** Whether the backward pass is split into B (input gradients) and W (weight gradients). */
    public boolean splitsBackward() {
        return devices.stream().flatMap(List::stream).anyMatch(t -> t.kind() == TaskKind.W);
    }

    /** The device whose list holds the forward task of {@code stage}, or -1. */
    public int deviceOf(int stage) {
        for (int d = 0; d < devices.size(); d++) {
            for (Task t : devices.get(d)) {
                if (t.stage() == stage && t.kind() == TaskKind.F) {
                    return d;
                }
            }
        }
        return -1;
    }
}
