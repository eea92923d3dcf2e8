package dev.graft.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.graph.GraphTextWriter;
import dev.graft.engine.ops.TypeInference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Graphs written as ONNX read back to the same graph; Graft's fused ops go in Graft's domain. */
class OnnxExporterTest {
    private static Graph graph(String text) {
        Graph g = GraphTextReader.read(text, "t.graft");
        TypeInference.run(g);
        return g;
    }

    private static Graph roundTrip(Graph g) {
        return OnnxImporter.fromBytes(OnnxExporter.toBytes(g), Path.of("exported.onnx"));
    }

    private static Map<String, Long> opsets(ModelProto m) {
        return m.getOpsetImportList().stream().collect(Collectors.toMap(o -> o.getDomain(), o -> o.getVersion()));
    }

    private static final String FUSED = """
            graph fused
            input x : f16[batch,3,8]
            input q : f32[1,2,4,8]
            init w : f16[8] = {0.5, -1.25, 2.0, 0.75, 1.5, -0.5, 3.0, 0.125}
            init kv : f32[1,1,4,8] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.2}
            init shape : i64[2] = {-1, 8}
            node n = FusedRMSNorm(x, w) {epsilon = 1.0E-6, axis = -1} -> xn
            node g = FusedGelu(xn) {approximate = "none"} -> xg
            node a = FusedAttention(q, kv, kv) {causal = 1, scale = 0.35355338, q_heads = 2, kv_heads = 1, head_dim = 8} -> o
            node r = Reshape(o, shape) -> flat
            node t = Transpose(flat) {perm = [1, 0]} -> y
            output xg
            output y
            """;

    @Test
    void fusedOpsGoInGraftsDomainAndComeBackAsTheSameGraph() {
        Graph g = graph(FUSED);
        ModelProto m = OnnxExporter.model(g);
        assertEquals(Map.of("", 18L, GraftDomain.NAME, (long) GraftDomain.VERSION), opsets(m));
        assertEquals(8, m.getIrVersion());
        Map<String, String> domains = m.getGraph().getNodeList().stream()
                .collect(Collectors.toMap(NodeProto::getOpType, NodeProto::getDomain));
        assertEquals(Map.of("FusedRMSNorm", GraftDomain.NAME, "FusedGelu", GraftDomain.NAME,
                "FusedAttention", GraftDomain.NAME, "Reshape", "", "Transpose", ""), domains);
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        Graph back = roundTrip(g);
        assertEquals(GraphTextWriter.write(g), GraphTextWriter.write(back));
    }

    @Test
    void everyAttributeKindAndAbsentOptionalInputsSurvive() {
        Graph g = graph("""
                graph kinds
                input x : f32[2,6]
                init splits : i64[2] = {2, 4}
                node s = Split(x, splits) {axis = 1} -> a, b
                node c = Clip(a, _, _) -> ac
                node l = LeakyRelu(b) {alpha = 0.25, tags = ["a", "b"], scales = [0.5, 2.0]} -> bl
                node k = ConstantOfShape(splits) {value = f32[1] = {1.5}} -> filled
                output ac
                output bl
                output filled
                """);
        assertEquals(GraphTextWriter.write(g), GraphTextWriter.write(roundTrip(g)));
    }

    @Test
    void theOpsetFollowsTheOpsTheGraphUses() {
        Graph gelu = graph("""
                graph g
                input x : f32[3]
                node g = Gelu(x) -> y
                output y
                """);
        ModelProto m = OnnxExporter.model(gelu);
        assertEquals(Map.of("", 20L), opsets(m));
        assertEquals(9, m.getIrVersion());
        Graph old = graph("""
                graph old
                input x : f32[3,4]
                node r = ReduceMean(x) {axes = [1], keepdims = 1} -> y
                output y
                """);
        assertEquals(Map.of("", 17L), opsets(OnnxExporter.model(old)));
        Graph both = graph("""
                graph both
                input x : f32[3,4]
                node r = ReduceMean(x) {axes = [1], keepdims = 1} -> m
                node g = Gelu(m) -> y
                output y
                """);
        UserError e = assertThrows(UserError.class, () -> OnnxExporter.model(both));
        assertTrue(e.getMessage().contains("node 'r' (ReduceMean with an axes attribute) needs opset 17 or older, "
                + "node 'g' (Gelu) opset 20 or newer"), e.getMessage());
    }

    @Test
    void anUnknownOpInGraftsDomainIsReportedWithItsNode() {
        Graph g = graph("""
                graph u
                input x : f32[3]
                node g = FusedGelu(x) -> y
                output y
                """);
        ModelProto m = OnnxExporter.model(g);
        ModelProto renamed = m.toBuilder().setGraph(m.getGraph().toBuilder()
                .setNode(0, m.getGraph().getNode(0).toBuilder().setOpType("FusedNothing"))).build();
        UserError e = assertThrows(UserError.class,
                () -> OnnxImporter.fromBytes(renamed.toByteArray(), Path.of("u.onnx")));
        assertTrue(e.getMessage().contains("FusedNothing"), e.getMessage());
        assertEquals(List.of(GraftDomain.NAME), m.getGraph().getNodeList().stream().map(NodeProto::getDomain).toList());
    }
}
