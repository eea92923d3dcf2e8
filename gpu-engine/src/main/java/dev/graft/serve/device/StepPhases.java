package dev.graft.serve.device;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where the wall time of the device steps goes, by kind of step, since the last {@link
 * #lap}: planning (the attention plan and page table going up, on the host, before any
 * launch), queuing (the host launching the step's kernels, or a graph replay), and waiting
 * (the rest of the step on the GPU, the greedy ids coming back). Time to first token is a
 * prefill step; this says whether its time is the host's or the GPU's.
 */
final class StepPhases {
    /** The kinds of step, as the report names them. */
    enum Kind {
        PREFILL("prefill or mixed, node by node"),
        PREFILL_CAPTURE("prefill or mixed, then captured (waiting counts the capture)"),
        PREFILL_REPLAY("prefill or mixed, replayed"), DECODE("decode, node by node"),
        CAPTURE("decode, then captured (waiting counts the capture)"), REPLAY("decode, replayed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Map<Kind, long[]> sums = new EnumMap<>(Kind.class);

    /** Adds one step: nanosecond stamps at its start, after planning, after queuing, and at its end. */
    void add(Kind kind, long start, long planned, long queued, long end) {
        long[] s = sums.computeIfAbsent(kind, k -> new long[4]);
        s[0]++;
        s[1] += planned - start;
        s[2] += queued - planned;
        s[3] += end - queued;
    }

    /** Mean milliseconds per phase of every kind seen since the last lap; starts the next lap. */
    String lap() {
        StringJoiner line = new StringJoiner("; ");
        sums.forEach((kind, s) -> line.add(String.format(Locale.ROOT, "%s: %d steps, mean %.2f ms planning, %.2f queuing, %.2f waiting",
                kind.label, s[0], s[1] / 1e6 / s[0], s[2] / 1e6 / s[0], s[3] / 1e6 / s[0])));
        sums.clear();
        return line.toString();
    }
}
