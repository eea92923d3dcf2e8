package dev.graft.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.ops.TypeInference;
import org.junit.jupiter.api.Test;

class ShowOutputTest {
    private static final Graph G = graph();

    private static Graph graph() {
        Graph g = GraphTextReader.read("""
                graph "two \\"layers\\""
                input x : f32[batch,2]
                init w : f32[2,2] = {1.0, 0.0, 0.0, 1.0}
                init axes : i64[1] = {-1}
                node "mm/0" = MatMul(x, w) -> h
                node relu = Relu(h) -> r
                node mm1 = MatMul(r, w) -> y
                node mean = ReduceMean(y, axes) -> m
                output m
                """, "g.graft");
        TypeInference.run(g);
        return g;
    }

    @Test
    void summaryListsInputsOutputsParametersAndOps() {
        String s = GraphSummary.of(G);
        assertTrue(s.contains("x: f32[batch,2]"), s);
        assertTrue(s.contains("m: f32[batch,1]"), s);
        assertTrue(s.contains("parameters: 4 "), s);
        assertTrue(s.contains("plus 1 integer constant elements in 2 initializers"), s);
        String ops = s.substring(s.indexOf("ops:"));
        assertEquals(3, ops.lines().count() - 1, ops);
        assertTrue(ops.lines().skip(1).findFirst().orElseThrow().matches("\\s+MatMul\\s+2"), ops);
    }

    @Test
    void dotHasEveryNodeEdgeAndQuotedLabel() {
        String dot = DotWriter.write(G);
        assertTrue(dot.startsWith("digraph \"two \\\"layers\\\"\" {"), dot);
        assertEquals(4, dot.lines().filter(l -> l.contains("[shape=box")).count(), dot);
        assertTrue(dot.contains("in0 -> n0 [label=\"f32[batch,2]\"]"), dot);
        assertTrue(dot.contains("n0 -> n1"), dot);
        assertTrue(dot.contains("n3 -> out0"), dot);
        assertTrue(dot.contains("MatMul\\nmm/0\\nw: f32[2,2]"), dot);
    }
}
