package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's graph is what the rules are written for: every layer's blocks get fused. */
class RewriteBenchmarkTest {
    @Test
    void theSyntheticDecoderIsFusedLayerByLayer() {
        Graph g = RewriteBenchmark.decoder(2000);
        assertTrue(g.nodes().size() >= 2000);
        long softmax = g.nodes().stream().filter(n -> n.op().equals("Softmax")).count();
        List<RewriteBenchmark.Run> runs = RewriteBenchmark.measure(g, RuleLoader.load("std", KnownOps.standard()), 0, 1);
        Graph copy = g.copy();
        new RuleEngine(RuleLoader.load("std", KnownOps.standard())).rewrite(copy);
        assertEquals(softmax, copy.nodes().stream().map(Node::op).filter("FusedAttention"::equals).count());
        assertEquals(2 * softmax + 1, copy.nodes().stream().map(Node::op).filter("FusedRMSNorm"::equals).count());
        assertEquals(g.nodes().size(), runs.getFirst().nodesBefore());
        assertTrue(runs.getFirst().cpuSeconds() > 0);
    }
}
