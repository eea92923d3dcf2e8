package dev.graft.serve.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.onnx.OnnxImporter;
import dev.graft.engine.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LlamaGraphTest {
    /** The configuration of models/tiny-llama-gqa: 2 layers, hidden 64, 4 query and 2 KV heads. */
    static final LlamaSpec TINY = new LlamaSpec(2, 64, 4, 2, 128, 512, 7);

    @Test
    void hasTheExportersOpStructure() {
        Graph exported = OnnxImporter.load(Path.of(System.getProperty("graft.repo", "."), "models", "tiny-llama-gqa.dyn.onnx"));
        Graph synth = LlamaGraph.build(TINY);
        assertEquals(opCounts(exported), opCounts(synth));
        assertEquals("[batch,seq,512]", synth.outputs().getFirst().type().shape().toString());
    }

    @Test
    void computesALlamaDecoder() {
        for (LlamaSpec spec : new LlamaSpec[] {TINY, new LlamaSpec(1, 24, 3, 3, 40, 50, 3), new LlamaSpec(3, 32, 4, 1, 16, 33, 1)}) {
            Graph g = LlamaGraph.build(spec);
            int[] tokens = {3, 17, 0, 29, 5, 11, 2};
            long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
            Tensor logits = new CpuExecutor(g).run(Map.of("input_ids", Tensor.ofLongs(new int[] {1, tokens.length}, ids)))
                    .values().iterator().next();
            double[][] expected = new LlamaForward(spec, g).logits(tokens);
            for (int t = 0; t < tokens.length; t++) {
                for (int v = 0; v < spec.vocab(); v++) {
                    assertEquals(expected[t][v], logits.floats()[t * spec.vocab() + v], 2e-5,
                            spec + " position " + t + " token " + v);
                }
            }
        }
    }

    @Test
    void sameSeedSameWeights() {
        assertEquals(GraphWeights.of(LlamaGraph.build(TINY)), GraphWeights.of(LlamaGraph.build(TINY)));
    }

    @Test
    void refusesShapesThatCannotBeALlama() {
        UserError e = assertThrows(UserError.class, () -> new LlamaSpec(2, 64, 4, 3, 128, 512, 0));
        assertEquals("synth llama: heads 4 is not a multiple of kv-heads 3", e.getMessage());
        e = assertThrows(UserError.class, () -> new LlamaSpec(2, 60, 4, 2, 128, 512, 0));
        assertEquals("synth llama: head dim 15 must be even for rotary embeddings", e.getMessage());
        e = assertThrows(UserError.class, () -> LlamaSpec.parse("llama:layers=2,hidden=64"));
        assertEquals("synth spec 'llama:layers=2,hidden=64': missing heads", e.getMessage());
    }

    @Test
    void specRoundTripsThroughItsText() {
        assertEquals(TINY, LlamaSpec.parse(TINY.toString()));
    }

    private static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : g.nodes()) {
            counts.merge(n.op(), 1, Integer::sum);
        }
        return counts;
    }

    /** The initializers' data by name, for comparing weights. */
    private record GraphWeights(Map<String, Tensor> byName) {
        static GraphWeights of(Graph g) {
            Map<String, Tensor> m = new TreeMap<>();
            g.initializers().forEach(v -> m.put(v.name(), v.constant()));
            return new GraphWeights(m);
        }
    }
}
