package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * GPipe (Huang et al. 2019): each of the p devices holds one stage, runs the
 * forward pass of all m microbatches, then all their backward passes. Bubble
 * (p−1)/(m+p−1); activations of all m microbatches are live at once.
 */
public final class GPipe {
    private GPipe() {
    }

    public static Schedule build(int devices, int microbatches) {
        Builtins.requirePositive("gpipe", devices, microbatches);
        List<List<Task>> lists = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            List<Task> list = new ArrayList<>();
            for (int m = 0; m < microbatches; m++) {
                list.add(Task.f(d, m));
            }
            for (int m = 0; m < microbatches; m++) {
                list.add(Task.b(d, m));
            }
            lists.add(list);
        }
        return new Schedule("gpipe", devices, microbatches, lists,
                OptionalDouble.of(Builtins.flushBubble(devices, microbatches)));
    }
}
