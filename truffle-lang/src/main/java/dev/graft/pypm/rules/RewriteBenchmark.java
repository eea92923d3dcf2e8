package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewriting throughput on a synthetic decoder in the exporter's form (the serve
 * module's {@link LlamaGraph}: Llama layers node for node as torch.onnx emits them,
 * stacked until the graph has the nodes asked for), with a rule set, once warm:
 * each run rewrites a fresh copy, timed without the copy.
 */
public final class RewriteBenchmark {
    /** Small tensors: the rewrite cost depends on the node count, not on sizes. */
    private static final int HIDDEN = 8;

    /**
     * One timed run: the graph's size, the rewrites made, the wall-clock seconds, the
     * CPU seconds of the rewriting thread (what other work on a shared machine disturbs
     * least) and of the whole process (garbage collection and compiler threads too).
     */
    public record Run(int nodesBefore, int nodesAfter, int rewrites, int passes, double seconds, double cpuSeconds,
                      double processCpuSeconds) {
        public double nodesPerCpuSecond() {
            return nodesBefore / cpuSeconds;
        }
    }

    private RewriteBenchmark() {
    }

    /** A synthetic decoder of at least {@code nodes} nodes. */
    public static Graph decoder(int nodes) {
        int perLayer = LlamaGraph.build(spec(2)).nodes().size() - LlamaGraph.build(spec(1)).nodes().size();
        int base = LlamaGraph.build(spec(1)).nodes().size() - perLayer;
        int layers = Math.max(1, (nodes - base + perLayer - 1) / perLayer);
        return LlamaGraph.build(spec(layers));
    }

    private static LlamaSpec spec(int layers) {
        return new LlamaSpec(layers, HIDDEN, 2, 1, 2 * HIDDEN, 16, 0);
    }

    /** {@code warmup} untimed runs, then {@code runs} timed ones, each on a fresh copy of {@code graph}. */
    public static List<Run> measure(Graph graph, RuleSet rules, int warmup, int runs) {
        RuleEngine engine = new RuleEngine(rules);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            Graph g = graph.copy();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long processStart = process.getProcessCpuTime();
            RewriteReport report = engine.rewrite(g);
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double processCpu = (process.getProcessCpuTime() - processStart) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            if (i >= warmup) {
                out.add(new Run(report.nodesBefore(), report.nodesAfter(), report.rewrites().size(), report.passes(),
                        seconds, cpu, processCpu));
            }
        }
        return out;
    }
}
