package dev.graft.engine.cuda;

import dev.graft.engine.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The GPU time of each device node of the runs queued while this is bound to {@link
 * #CURRENT}, summed by op and output shape (a MatMul of each width apart): a pair of events
 * around each node's launches. {@link #hold} first holds the stream until all of a run is
 * queued, so that each node's time is the GPU's own, not the host's launch gaps; a hold
 * that ran out before the last launch was queued is reported as such.
 */
public final class NodeTimings {
    /** The timings the device runs on this thread record into; unbound: nothing is recorded. */
    public static final ScopedValue<NodeTimings> CURRENT = ScopedValue.newInstance();

    private final CudaStream stream;
    private final List<String> pendingKeys = new ArrayList<>();
    private final List<CudaEvent> pendingEvents = new ArrayList<>();
    private final Map<String, double[]> byOp = new LinkedHashMap<>();
    private CudaEvent held;
    private int runs;
    private int holdsRunOut;
    private double spanMillis;

    public NodeTimings(CudaStream stream) {
        this.stream = stream;
    }

    /** Queues a kernel that keeps the stream busy for {@code millis} of the GPU's time. */
    public void hold(CudaRuntime gpu, double millis) {
        CudaKernel kernel = gpu.loader().load(KernelSource.template("hold_stream", "hold_stream.cu"));
        kernel.launch(stream, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0, (long) (millis * 1e6));
        held = new CudaEvent();
        held.record(stream);
    }

    /** Marks the start of a node's launches. */
    void before() {
        CudaEvent start = new CudaEvent();
        start.record(stream);
        pendingEvents.add(start);
    }

    /** Marks the end of a node's launches; {@code output} is its first output's shape. */
    void after(Node node, int[] output) {
        CudaEvent end = new CudaEvent();
        end.record(stream);
        pendingEvents.add(end);
        pendingKeys.add(node.op() + " " + Arrays.toString(output));
    }

    /**
     * Ends a run: notes whether its hold ran out before now (the last launch queued), waits
     * for the run, and adds its nodes' times.
     */
    public void endRun() {
        if (held != null && held.reached()) {
            holdsRunOut++;
        }
        if (!pendingEvents.isEmpty()) {
            CudaEvent last = pendingEvents.getLast();
            spanMillis += last.millisSince(pendingEvents.getFirst());
            for (int i = 0; i < pendingKeys.size(); i++) {
                double ms = pendingEvents.get(2 * i + 1).millisSince(pendingEvents.get(2 * i));
                double[] sum = byOp.computeIfAbsent(pendingKeys.get(i), k -> new double[2]);
                sum[0] += ms;
                sum[1]++;
            }
        }
        pendingEvents.forEach(CudaEvent::close);
        pendingEvents.clear();
        pendingKeys.clear();
        if (held != null) {
            held.close();
            held = null;
        }
        runs++;
    }

    /**
     * Mean milliseconds per run: the span from the first node's start to the last node's end,
     * then each op and shape, largest first, with its node count per run; empty when no run
     * ended since the last lap, which this starts.
     */
    public String lap() {
        if (runs == 0) {
            return "";
        }
        double nodes = byOp.values().stream().mapToDouble(s -> s[0]).sum();
        StringJoiner line = new StringJoiner(", ", String.format(Locale.ROOT,
                "GPU time by op of %d runs, mean per run: %.3f ms from first node to last, %.3f ms in nodes%s: ",
                runs, spanMillis / runs, nodes / runs,
                holdsRunOut == 0 ? "" : " (" + holdsRunOut + " holds ran out before the last launch)"), "");
        byOp.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> line.add(String.format(Locale.ROOT, "%s %.3f ms x%d", e.getKey(),
                        e.getValue()[0] / runs, Math.round(e.getValue()[1] / runs))));
        byOp.clear();
        runs = 0;
        holdsRunOut = 0;
        spanMillis = 0;
        return line.toString();
    }
}
