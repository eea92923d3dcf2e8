package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import org.junit.jupiter.api.Test;

class ScratchBench {
    @Test
    void run() {
        long t0 = System.nanoTime();
        Graph g = RewriteBenchmark.decoder(Integer.getInteger("bench.nodes", 20000));
        System.out.println("built " + g.nodes().size() + " in " + (System.nanoTime() - t0) / 1e9);
        System.out.println(RewriteBenchmark.measure(g, RuleLoader.load("std", KnownOps.standard()), 3, 3));
    }
}
