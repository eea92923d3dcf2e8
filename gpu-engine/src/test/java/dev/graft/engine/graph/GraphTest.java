package dev.graft.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {

    /** x -> Relu -> r; (r, w) -> MatMul -> y; output y. */
    private static Graph small() {
        Graph g = new Graph("small");
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.of(2)));
        Value w = g.addInitializer("w", Tensor.ofFloats(new int[] {2, 2}, 1, 2, 3, 4));
        Node relu = g.addNode("relu", "", "Relu", Attributes.NONE, List.of(x), List.of("r"));
        Node mm = g.addNode("mm", "", "MatMul", Attributes.NONE, List.of(relu.output(0), w), List.of("y"));
        g.addOutput(mm.output(0));
        return g;
    }

    @Test
    void topologicalOrderPutsProducersFirstWhateverTheInsertionOrder() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, 2));
        Node a = g.addNode("a", "", "Relu", Attributes.NONE, List.of(x), List.of("a_out"));
        Node c = g.addNode("c", "", "Neg", Attributes.NONE, List.of(x), List.of("c_out"));
        // A rewrite appends a node whose output an earlier node then reads.
        Node b = g.addNode("b", "", "Exp", Attributes.NONE, List.of(x), List.of("b_out"));
        g.setInput(a, 0, b.output(0));
        assertEquals(List.of(c, b, a), g.topologicalOrder());
    }

    @Test
    void aCycleIsReportedWithANode() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, 2));
        Node a = g.addNode("a", "", "Relu", Attributes.NONE, List.of(x), List.of("a_out"));
        Node b = g.addNode("b", "", "Neg", Attributes.NONE, List.of(a.output(0)), List.of("b_out"));
        g.setInput(a, 0, b.output(0));
        GraphException e = assertThrows(GraphException.class, g::topologicalOrder);
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void consumersReplaceAllUsesAndDeadNodeRemoval() {
        Graph g = small();
        Value r = g.value("r");
        Node mm = g.nodes().get(1);
        assertEquals(List.of(mm), g.consumers(r));
        Node neg = g.addNode("neg", "", "Neg", Attributes.NONE, List.of(g.value("x")), List.of("n"));
        g.replaceAllUses(r, neg.output(0));
        assertEquals(List.of(), g.consumers(r));
        assertEquals(List.of(mm), g.consumers(neg.output(0)));
        assertEquals(1, g.removeDeadNodes());
        assertNull(g.value("r"));
        assertEquals(List.of("neg", "mm"), g.topologicalOrder().stream().map(Node::name).toList());
    }

    @Test
    void replacingAGraphOutputRewiresTheOutputSlot() {
        Graph g = small();
        Node neg = g.addNode("neg", "", "Neg", Attributes.NONE, List.of(g.value("y")), List.of("z"));
        g.replaceAllUses(g.value("y"), neg.output(0));
        assertEquals(List.of(neg.output(0)), g.outputs());
    }

    @Test
    void removingAUsedNodeIsRefused() {
        Graph g = small();
        assertThrows(GraphException.class, () -> g.removeNode(g.nodes().get(0)));
    }

    @Test
    void namesAreUniqueAndFreshNamesAvoidCollisions() {
        Graph g = small();
        assertThrows(GraphException.class, () -> g.addInput("r", TensorType.of(DType.FLOAT32, 1)));
        assertThrows(GraphException.class,
                () -> g.addNode("mm", "", "Relu", Attributes.NONE, List.of(g.value("x")), List.of("other")));
        Node added = g.addNode("Relu", Attributes.NONE, g.value("x"));
        assertFalse(added.name().isEmpty());
        assertNotEquals("r", added.output(0).name());
    }

    @Test
    void valuesOfAnotherGraphAreRejected() {
        Graph g = small();
        Graph other = small();
        assertThrows(GraphException.class,
                () -> g.addNode("n", "", "Relu", Attributes.NONE, List.of(other.value("x")), List.of("q")));
    }

    @Test
    void copyIsEqualButIndependent() {
        Graph g = small();
        Graph c = g.copy();
        assertEquals(g, c);
        c.addNode("Neg", Attributes.NONE, c.value("y"));
        assertNotEquals(g, c);
        assertEquals(2, g.nodes().size());
    }
}
