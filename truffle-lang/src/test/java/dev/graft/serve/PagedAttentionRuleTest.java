package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.run.ModelFiles;
import dev.graft.pypm.rules.KnownOps;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.RuleLoader;
import dev.graft.serve.cli.ServingRules;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The serving rules move causal attention onto the cache in the projections' layout, and
 * leave any other attention alone.
 */
class PagedAttentionRuleTest {
    private static final LlamaSpec SPEC = new LlamaSpec(2, 32, 4, 2, 64, 64, 1);

    @Test
    void stdFusesTheSynthesizedModelAsTheExportedOne() {
        RuleEngine std = new RuleEngine(RuleLoader.load("std", KnownOps.standard()));
        RewriteReport exported = std.rewrite(ModelFiles.load(Path.of(System.getProperty("graft.repo"), "models",
                "tiny-llama-gqa.dyn.onnx")));
        Graph g = LlamaGraph.build(SPEC);
        RewriteReport report = std.rewrite(g);
        assertEquals(exported.counts(), report.counts(), report.format());
        assertEquals(2, report.counts().get("attention"), report.format());
        Node attention = g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).findFirst().orElseThrow();
        assertEquals(4, attention.attributes().getInt("q_heads", 0));
        assertEquals(2, attention.attributes().getInt("kv_heads", 0));
        assertEquals(8, attention.attributes().getInt("head_dim", 0));
    }

    @Test
    void causalAttentionGoesOnTheCache() {
        Graph g = ServingRules.apply(LlamaGraph.build(SPEC), "std").graph();
        assertEquals(2, count(g, "PagedAttention"));
        assertEquals(0, count(g, "FusedAttention"));
        assertEquals(0, count(g, "Where"), "the mask is dead once attention reads the cache");
    }

    @Test
    void theServingGraphTakesPositionsAndComputesLogitsForSampledRowsOnly() {
        Graph serving = ServingGraph.prepare(ServingRules.apply(LlamaGraph.build(SPEC), "std").graph());
        assertEquals("[input_ids: i64[batch,seq], position_ids: i64[seq], sampled_rows: i64[sampled]]",
                serving.inputs().toString());
        Node head = serving.outputs().getFirst().producer();
        assertEquals("MatMul", head.op());
        assertEquals("Gather", head.input(0).producer().op(), "rows are picked before the lm_head product");
        assertEquals(0, count(serving, "Range"), "positions are fed, not computed");
    }

    /** On the GPU the positions' Cast must read the step's input, not a value the host makes during the step. */
    @Test
    void positionsAreCastStraightFromTheStepsInput() {
        for (Graph original : new Graph[] {LlamaGraph.build(SPEC), ModelFiles.load(Path.of(System.getProperty("graft.repo"),
                "models", "tiny-llama-gqa.dyn.onnx"))}) {
            Graph serving = ServingGraph.prepare(ServingRules.apply(original, "std").graph());
            Node cast = serving.nodes().stream().filter(n -> n.op().equals("Cast")).findFirst().orElseThrow();
            assertEquals(ServingGraph.POSITIONS, cast.input(0).name());
        }
    }

    /**
     * The fused model's attention reads and writes the projections' token-major layout: no
     * transpose feeds a PagedAttention node or reads its output (RoPE moved before the
     * transpose, with cos and sin transposed). The unfused baseline keeps the exporter's
     * head-major transposes.
     */
    @Test
    void attentionTakesTheProjectionsTokenMajorInTheFusedModelOnly() {
        for (String model : new String[] {"synth", "tiny-llama-gqa.dyn.onnx", "tiny-gpt2.dyn.onnx"}) {
            Graph original = model.equals("synth") ? LlamaGraph.build(SPEC)
                    : ModelFiles.load(Path.of(System.getProperty("graft.repo"), "models", model));
            Graph fused = ServingRules.apply(original, "std").graph();
            List<Node> attention = nodes(fused, "PagedAttention");
            assertEquals(2, attention.size(), model);
            for (Node a : attention) {
                assertTrue(PagedAttention.tokenMajor(a.attributes()), model + ": " + a.name());
                for (var in : a.inputs()) {
                    assertNotEquals("Transpose", in.producer().op(), model + ": input " + in.name());
                }
                for (Node reader : fused.consumers(a.output(0))) {
                    assertNotEquals("Transpose", reader.op(), model + ": reader " + reader.name());
                }
            }
            for (Node a : nodes(ServingRules.attentionOnly(original).graph(), "PagedAttention")) {
                assertFalse(PagedAttention.tokenMajor(a.attributes()), model + " baseline: " + a.name());
            }
        }
    }

    @Test
    void aMaskThatIsNotCausalKeepsFusedAttention() {
        Graph g = LlamaGraph.build(SPEC);
        Node le = g.nodes().stream().filter(n -> n.op().equals("LessOrEqual")).findFirst().orElseThrow();
        Node ge = g.addNode("GreaterOrEqual", le.attributes(), le.input(0), le.input(1));
        g.replaceAllUses(le.output(0), ge.output(0));
        g.removeDeadNodes();
        TypeInference.run(g);
        Graph rewritten = ServingRules.apply(g, "std").graph();
        assertEquals(2, count(rewritten, "FusedAttention"));
        assertEquals(0, count(rewritten, "PagedAttention"));
    }

    private static long count(Graph g, String op) {
        return nodes(g, op).size();
    }

    private static List<Node> nodes(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.op().equals(op)).toList();
    }
}
