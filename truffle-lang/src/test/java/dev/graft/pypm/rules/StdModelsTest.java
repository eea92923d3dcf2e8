package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.engine.run.Comparison;
import dev.graft.engine.run.ExpectedFile;
import dev.graft.engine.run.ModelFiles;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standard library on the exported models: each has two decoder layers, so two
 * attention blocks and five norms (two per layer and the final one). After
 * rewriting, every attention block is one FusedAttention and every norm one fused
 * node, nothing of the decomposed forms is left, and the logits still match PyTorch.
 */
class StdModelsTest {
    private static final RuleSet STD = RuleLoader.load("std", KnownOps.standard());
    private static final Backend CPU = Backends.named("cpu");

    private static Path models() {
        return Path.of(System.getProperty("graft.repo"), "models");
    }

    private static Map<String, Integer> ops(Graph g) {
        Map<String, Integer> ops = new TreeMap<>();
        for (Node n : g.nodes()) {
            ops.merge(n.op(), 1, Integer::sum);
        }
        return ops;
    }

    /** Llamas of other shapes, synthesized in the exporter's form: GQA groups of 3, plain multi-head, one KV head. */
    @ParameterizedTest
    @ValueSource(strings = {"6,2", "4,4", "8,1"})
    void synthesizedLlamasOfOtherShapesAreFusedToo(String heads) {
        int q = Integer.parseInt(heads.split(",")[0]);
        int kv = Integer.parseInt(heads.split(",")[1]);
        Graph g = LlamaGraph.build(new LlamaSpec(2, 8 * q, q, kv, 40, 50, 3));
        Graph original = g.copy();
        RewriteReport report = new RuleEngine(STD).rewrite(g);
        Map<String, Integer> ops = ops(g);
        assertEquals(2, ops.getOrDefault("FusedAttention", 0), report.format());
        assertEquals(5, ops.getOrDefault("FusedRMSNorm", 0), report.format());
        assertEquals(4, ops.getOrDefault("FusedRotary", 0), report.format());
        assertEquals(2, ops.getOrDefault("FusedSwiGLU", 0), report.format());
        g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).forEach(n -> {
            assertEquals(q, n.attributes().getInt("q_heads", 0));
            assertEquals(kv, n.attributes().getInt("kv_heads", 0));
        });
        TranslationValidation.maxDifferences(original, g, CPU, 5).forEach((out, diff) ->
                assertTrue(diff < 1e-4, heads + " " + out + " moved by " + diff));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama-gqa", "tiny-llama-gqa.dyn", "tiny-gpt2", "tiny-gpt2.dyn"})
    void everyAttentionAndNormIsFusedAndTheLogitsStillMatch(String model) {
        Graph g = ModelFiles.load(models().resolve(model + ".onnx"));
        Graph original = g.copy();
        RewriteReport report = new RuleEngine(STD).rewrite(g);
        assertTrue(report.reachedFixpoint(), report.format());
        assertTrue(report.refusals().isEmpty() && report.problems().isEmpty(), report.format());
        Map<String, Integer> ops = ops(g);
        assertEquals(2, ops.getOrDefault("FusedAttention", 0), ops.toString());
        assertEquals(0, ops.getOrDefault("Softmax", 0), ops.toString());
        boolean llama = model.startsWith("tiny-llama");
        assertEquals(5, ops.getOrDefault(llama ? "FusedRMSNorm" : "FusedLayerNorm", 0), ops.toString());
        assertEquals(0, ops.getOrDefault("ReduceMean", 0) + ops.getOrDefault("LayerNormalization", 0), ops.toString());
        if (llama) {
            assertEquals(4, ops.getOrDefault("FusedRotary", 0), ops.toString());
            assertEquals(2, ops.getOrDefault("FusedSwiGLU", 0), ops.toString());
            g.nodes().stream().filter(n -> n.op().equals("FusedAttention")).forEach(n -> {
                assertEquals(4, n.attributes().getInt("q_heads", 0), "GQA taken into the kernel at " + n.name());
                assertEquals(2, n.attributes().getInt("kv_heads", 0), "GQA taken into the kernel at " + n.name());
            });
        } else {
            assertEquals(2, ops.getOrDefault("FusedGelu", 0), ops.toString());
            assertEquals(0, ops.getOrDefault("Tanh", 0), ops.toString());
        }
        ExpectedFile expected = ExpectedFile.read(models().resolve(model + ".expected.json"));
        Backend.Prepared prepared = CPU.prepare(g);
        for (ExpectedFile.Case c : expected.cases()) {
            Map<String, Tensor> got = prepared.run(c.inputs());
            for (var e : c.outputs().entrySet()) {
                double diff = Comparison.maxAbsDiff(e.getValue(), got.get(e.getKey()));
                assertTrue(diff <= expected.maxAbs(), model + " " + e.getKey() + " differs by " + diff);
            }
        }
        Map<String, Double> moved = TranslationValidation.maxDifferences(original, g, CPU, 1);
        moved.forEach((out, diff) -> assertTrue(diff < 1e-4, model + " " + out + " moved by " + diff));
    }
}
