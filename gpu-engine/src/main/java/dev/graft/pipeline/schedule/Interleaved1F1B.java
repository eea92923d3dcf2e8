package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Interleaved 1F1B (Megatron-LM, Narayanan et al. 2021): the model is cut into
 * p·v stages and device d holds the v stages d, d+p, d+2p, …, so a microbatch
 * passes through every device v times. Microbatches move in groups of p, which is
 * why m must be a multiple of p. The bubble shrinks v-fold, to (p−1)/(m+p−1)/v,
 * at the price of v times more sends.
 */
public final class Interleaved1F1B {
    private Interleaved1F1B() {
    }

    public static Schedule build(int devices, int virtualStages, int microbatches) {
        Builtins.requirePositive("interleaved", devices, microbatches);
        if (virtualStages < 1) {
            throw new ScheduleError("interleaved 1F1B needs at least 1 virtual stage per device (got "
                    + virtualStages + ")");
        }
        if (microbatches % devices != 0) {
            throw new ScheduleError("interleaved 1F1B moves microbatches in groups of p=" + devices
                    + ": the microbatch count " + microbatches + " is not a multiple of " + devices);
        }
        int total = microbatches * virtualStages;
        List<List<Task>> lists = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            int device = d;
            int warmup = microbatches == devices ? total
                    : Math.min((devices - d - 1) * 2 + (virtualStages - 1) * devices, total);
            lists.add(OneFOneB.steadyOrder(warmup, total, k -> forward(k, device, devices, virtualStages),
                    k -> backward(k, device, devices, virtualStages)));
        }
        return new Schedule("interleaved", devices * virtualStages, microbatches, lists,
                OptionalDouble.of(Builtins.flushBubble(devices, microbatches) / virtualStages));
    }

    /** The k-th forward of device d: chunks advance every p microbatches, groups of p·v tasks per p microbatches. */
    private static Task forward(int k, int device, int devices, int virtualStages) {
        int chunk = (k % (devices * virtualStages)) / devices;
        return Task.f(chunk * devices + device, microbatch(k, devices, virtualStages));
    }

    /** The k-th backward of device d: like {@link #forward} with the chunks in reverse. */
    private static Task backward(int k, int device, int devices, int virtualStages) {
        int chunk = virtualStages - 1 - (k % (devices * virtualStages)) / devices;
        return Task.b(chunk * devices + device, microbatch(k, devices, virtualStages));
    }

    private static int microbatch(int k, int devices, int virtualStages) {
        return (k / (devices * virtualStages)) * devices + k % devices;
    }
}
