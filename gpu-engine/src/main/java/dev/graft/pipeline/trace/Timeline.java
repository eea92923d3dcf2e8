package dev.graft.pipeline.trace;

import java.util.Comparator;
import java.util.List;

/**
 * What each device did during one step. The bubble fraction is the share of
 * device time spent idle between the step's first start and its last end:
 * 1 − Σ busy / (devices × makespan), the quantity that pipeline analyses predict.
 */
public record Timeline(int devices, List<TaskSpan> spans) {

    public Timeline {
        spans = spans.stream().sorted(Comparator.comparingLong(TaskSpan::startNanos)).toList();
    }

    public long startNanos() {
        return spans.stream().mapToLong(TaskSpan::startNanos).min().orElse(0);
    }

    public long endNanos() {
        return spans.stream().mapToLong(TaskSpan::endNanos).max().orElse(0);
    }

    public long makespanNanos() {
        return endNanos() - startNanos();
    }

    /** Whether every task has a device time ({@link TaskSpan#deviceNanos}). */
    public boolean timedOnDevices() {
        return !spans.isEmpty() && spans.stream().allMatch(s -> s.deviceNanos() >= 0);
    }

    /** The device time of each device's tasks, summed; only when {@link #timedOnDevices}. */
    public long[] deviceBusyNanos() {
        long[] busy = new long[devices];
        spans.forEach(s -> busy[s.device()] += s.deviceNanos());
        return busy;
    }

    public double bubbleFraction() {
        long total = makespanNanos() * devices;
        if (total == 0) {
            return 0;
        }
        long busy = spans.stream().mapToLong(TaskSpan::nanos).sum();
        return 1.0 - (double) busy / total;
    }
}
