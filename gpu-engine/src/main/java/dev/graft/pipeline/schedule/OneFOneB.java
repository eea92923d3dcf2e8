package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * 1F1B (PipeDream-flush, Narayanan et al. 2021): device d runs p−d−1 warm-up
 * forwards, then alternates one forward with one backward, then drains the
 * remaining backwards. Same bubble as GPipe, (p−1)/(m+p−1), but at most p−d
 * microbatches hold activations on device d.
 */
public final class OneFOneB {
    private OneFOneB() {
    }

    public static Schedule build(int devices, int microbatches) {
        Builtins.requirePositive("1f1b", devices, microbatches);
        List<List<Task>> lists = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            int warmup = Math.min(devices - d - 1, microbatches);
            List<Task> list = new ArrayList<>();
            for (int m = 0; m < warmup; m++) {
                list.add(Task.f(d, m));
            }
            for (int m = 0; m < microbatches; m++) {
                if (warmup + m < microbatches) {
                    list.add(Task.f(d, warmup + m));
                }
                list.add(Task.b(d, m));
            }
            lists.add(list);
        }
        return new Schedule("1f1b", devices, microbatches, lists,
                OptionalDouble.of(Builtins.flushBubble(devices, microbatches)));
    }
}
