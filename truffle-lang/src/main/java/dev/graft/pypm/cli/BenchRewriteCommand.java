package dev.graft.pypm.cli;

import dev.graft.engine.graph.Graph;
import dev.graft.pypm.TruffleRuntimeInfo;
import dev.graft.pypm.rules.RewriteBenchmark;
import dev.graft.pypm.rules.RuleSets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code graft bench rewrite}: rewrites a synthetic decoder of about 100,000 nodes in the
 * exporter's form with a rule set, warm, and prints nodes per second (CPU time, and
 * wall-clock beside it) for bench/rewrite.md.
 */
@Command(name = "rewrite", mixinStandardHelpOptions = true,
        description = "Rewriting throughput on a synthetic exporter-form decoder of --nodes nodes, once warm.")
public final class BenchRewriteCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "100000", description = "graph size (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--rules", defaultValue = "std", description = "rule set (default: ${DEFAULT-VALUE})")
    String rules;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed runs first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
        System.out.println(TruffleRuntimeInfo.describe());
        Graph graph = RewriteBenchmark.decoder(nodes);
        List<RewriteBenchmark.Run> measured = RewriteBenchmark.measure(graph, RuleSets.load(rules), warmup, runs);
        for (RewriteBenchmark.Run r : measured) {
            System.out.printf("%d nodes -> %d, %d rewrites in %d passes: %.3f s CPU (process %.3f s, wall %.3f s),"
                    + " %.0f nodes/s%n", r.nodesBefore(), r.nodesAfter(), r.rewrites(), r.passes(), r.cpuSeconds(),
                    r.processCpuSeconds(), r.seconds(), r.nodesPerCpuSecond());
        }
        RewriteBenchmark.Run best = measured.stream().min(Comparator.comparingDouble(RewriteBenchmark.Run::cpuSeconds))
                .orElseThrow();
        List<Double> cpu = measured.stream().map(RewriteBenchmark.Run::cpuSeconds).sorted().toList();
        System.out.printf("best %.3f s CPU, median %.3f s CPU for %d nodes: %.0f nodes per CPU second (best)%n",
                best.cpuSeconds(), cpu.get(cpu.size() / 2), best.nodesBefore(), best.nodesPerCpuSecond());
        return 0;
    }
}
