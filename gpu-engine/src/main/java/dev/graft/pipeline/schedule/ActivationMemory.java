package dev.graft.pipeline.schedule;

import java.util.List;

/**
 * How many microbatches' activations each device holds at its worst: a stage's
 * forward pass stashes them, and they are freed when its backward pass no longer
 * needs them (after B, or after W when the schedule splits the backward pass).
 * This is what 1F1B buys over GPipe (p − d instead of m on device d) and what
 * interleaving and zero-bubble schedules spend; counted in stage-microbatches,
 * so an interleaved device holding two stages counts each.
 */
public final class ActivationMemory {
    private ActivationMemory() {
    }

    /** The peak number of stashed stage-microbatches on each device. */
    public static int[] peakInFlight(Schedule schedule) {
        TaskKind frees = schedule.splitsBackward() ? TaskKind.W : TaskKind.B;
        int[] peaks = new int[schedule.deviceCount()];
        for (int d = 0; d < peaks.length; d++) {
            List<Task> list = schedule.devices().get(d);
            int held = 0;
            for (Task t : list) {
                if (t.kind() == TaskKind.F) {
                    held++;
                } else if (t.kind() == frees) {
                    held--;
                }
                peaks[d] = Math.max(peaks[d], held);
            }
        }
        return peaks;
    }
}
