package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
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

    /** One timed run: the graph's size, the rewrites made, the seconds taken. */
    public record Run(int nodesBefore, int nodesAfter, int rewrites, int passes, double seconds) {
        public double nodesPerSecond() {
            return nodesBefore / seconds;
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
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            Graph g = graph.copy();
            long start = System.nanoTime();
            RewriteReport report = engine.rewrite(g);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (i >= warmup) {
                out.add(new Run(report.nodesBefore(), report.nodesAfter(), report.rewrites().size(), report.passes(), seconds));
            }
        }
        return out;
    }
}
