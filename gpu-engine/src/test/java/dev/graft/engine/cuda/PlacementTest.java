package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.run.ModelFiles;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where nodes run on --backend cuda, decided without a device. */
class PlacementTest {
    private static final Path MODELS = Path.of(System.getProperty("graft.repo", "..")).resolve("models");

    private static Placement placed(Graph graph) {
        var ops = DeviceOps.all();
        return Placement.of(graph, n -> ops.containsKey(n.op()));
    }

    private static Placement.Site siteOf(Placement p, String node) {
        List<Node> order = p.order();
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).name().equals(node)) {
                return p.site(i);
            }
        }
        throw new AssertionError("no node " + node);
    }

    @Test
    void floatsOnTheDeviceShapesOnTheHostConstantsFolded() {
        Graph g = GraphTextReader.read("""
                graph g
                input x : f32[batch,4]
                init w : f32[4,4] = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16}
                init zero : i64[1] = {0}
                node wt = Transpose(w) -> wt
                node mm = MatMul(x, wt) -> y
                node sh = Shape(y) -> s
                node g0 = Gather(s, zero) {axis = 0} -> b
                node cat = Concat(b, b) {axis = 0} -> target
                node arg = ArgMax(y) {axis = 1} -> best
                node ein = Einsum(y, y) {equation = "ij,ij->ij"} -> sq
                output target
                output best
                output sq
                """, "g");
        TypeInference.run(g);
        Placement p = placed(g);
        assertEquals(Placement.Site.CONSTANT, siteOf(p, "wt"));
        assertEquals(Placement.Site.DEVICE, siteOf(p, "mm"));
        assertEquals(Placement.Site.HOST, siteOf(p, "sh"));
        assertEquals(Placement.Site.HOST, siteOf(p, "g0"));
        assertEquals(Placement.Site.HOST, siteOf(p, "cat"));
        assertEquals(Placement.Site.HOST, siteOf(p, "arg"));
        assertEquals(Placement.Site.FALLBACK, siteOf(p, "ein"));
        assertEquals(List.of("node 'arg' (ArgMax): reads a floating value on the host",
                "node 'ein' (Einsum): no device op"), p.fallbacks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama-gqa.onnx", "tiny-llama-gqa.dyn.onnx", "tiny-gpt2.onnx", "tiny-gpt2.dyn.onnx"})
    void sharedModelsRunWhollyOnTheDeviceAndCanBeCaptured(String model) {
        Placement p = placed(ModelFiles.load(MODELS.resolve(model)));
        assertEquals(List.of(), p.fallbacks());
        assertEquals(List.of(), p.perRunUploads());
        assertTrue(p.order().stream().anyMatch(n -> n.op().equals("MatMul")));
    }

    @Test
    void synthLlamaRunsWhollyOnTheDeviceAndCanBeCaptured() {
        Placement p = placed(LlamaGraph.build(new LlamaSpec(2, 64, 4, 2, 128, 100, 1)));
        assertEquals(List.of(), p.fallbacks());
        assertEquals(List.of(), p.perRunUploads());
    }

    @Test
    void hostValuesFromShapesAreKeptViewsOfInputsReadInPlaceOthersUploadedEachRun() {
        Graph g = GraphTextReader.read("""
                graph g
                input ids : i64[batch,seq]
                input x : f32[batch,seq,4]
                init one : i64[1] = {1}
                node sh = Shape(x) -> s
                node un = Unsqueeze(ids, one) -> ids3
                node c = Cast(ids3) {to = 1} -> idsf
                node cs = Cast(s) {to = 1} -> sf
                node plus = Add(ids, ids) -> twice
                node ct = Cast(twice) {to = 1} -> twicef
                output idsf
                output sf
                output twicef
                """, "g");
        TypeInference.run(g);
        Placement p = placed(g);
        assertTrue(p.dependsOnShapesOnly(g.value("s")));
        assertEquals(g.value("ids"), p.viewRoot(g.value("ids3")));
        assertEquals(null, p.viewRoot(g.value("twice")));
        assertEquals(List.of("'twice' (read by node 'ct' (Cast))"), p.perRunUploads());
    }
}
