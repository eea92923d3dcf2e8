package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * ZB-H1 (Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024): 1F1B with the
 * backward pass split into B (input gradients, on the critical path) and W
 * (weight gradients, free to move). Device d defers its W tasks by d
 * microbatches: the later devices, which the gradients leave first, run B tasks
 * back to back so that gradients reach the first device sooner, and their
 * deferred W tasks fill the drain at the end. At most p microbatches hold
 * activations on a device, as in 1F1B. With F, B and W of equal cost the bubble
 * is (p−1)/(3m+p−1) when m ≥ p, about (p−1)/(3m).
 */
public final class ZeroBubbleH1 {
    private ZeroBubbleH1() {
    }

    public static Schedule build(int devices, int microbatches) {
        Builtins.requirePositive("zbh1", devices, microbatches);
        List<List<Task>> lists = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            int deferred = d;
            List<Task> list = new ArrayList<>();
            for (Task t : OneFOneB.deviceOrder(d, devices, microbatches)) {
                list.add(t);
                if (t.kind() == TaskKind.B && t.microbatch() >= deferred) {
                    list.add(Task.w(d, t.microbatch() - deferred));
                }
            }
            for (int m = Math.max(0, microbatches - deferred); m < microbatches; m++) {
                list.add(Task.w(d, m));
            }
            lists.add(list);
        }
        return new Schedule("zbh1", devices, microbatches, lists,
                OptionalDouble.of((devices - 1) / (3.0 * microbatches)));
    }
}
