package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

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
            lists.add(deviceOrder(d, devices, microbatches));
        }
        return new Schedule("1f1b", devices, microbatches, lists,
                OptionalDouble.of(Builtins.flushBubble(devices, microbatches)));
    }

    /** Device d's tasks in 1F1B order; ZB-H1 adds its W tasks to this order. */
    static List<Task> deviceOrder(int d, int devices, int microbatches) {
        return steadyOrder(Math.min(devices - d - 1, microbatches), microbatches, m -> Task.f(d, m),
                m -> Task.b(d, m));
    }

    /**
     * The 1F1B pattern over {@code total} forwards and as many backwards:
     * {@code warmup} forwards, then before each backward the next forward while
     * any is left. Interleaved 1F1B walks its stage chunks in the same pattern.
     */
    static List<Task> steadyOrder(int warmup, int total, IntFunction<Task> forward, IntFunction<Task> backward) {
        List<Task> list = new ArrayList<>();
        for (int k = 0; k < warmup; k++) {
            list.add(forward.apply(k));
        }
        for (int k = 0; k < total; k++) {
            if (warmup + k < total) {
                list.add(forward.apply(warmup + k));
            }
            list.add(backward.apply(k));
        }
        return list;
    }
}
