package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.ops.TypeInference;
import dev.graft.pypm.parser.ModuleSource;
import dev.graft.pypm.parser.SourceText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rewriting strategy of docs/RULES.md on small graphs. */
class RuleEngineTest {

    static RuleSet rules(String text) {
        return RuleLoader.load(new SourceText("t.pypm", text), new ModuleSource.Directory(Path.of(".")),
                KnownOps.standard());
    }

    static Graph graph(String text) {
        Graph g = GraphTextReader.read(text, "g");
        TypeInference.run(g);
        return g;
    }

    private static List<String> ops(Graph g) {
        return g.topologicalOrder().stream().map(Node::op).toList();
    }

    private static final String DOUBLE_NEG = """
            rule double_neg:
                match Neg(Neg(x))
                => x
            """;

    @Test
    void aSharedInteriorNodeKeepsItsOtherReaders() {
        Graph g = graph("""
                graph g
                input a : f32[3]
                node n1 = Neg(a) -> b : f32[3]
                node n2 = Neg(b) -> c : f32[3]
                node n3 = Exp(b) -> d : f32[3]
                output c
                output d
                """);
        RewriteReport r = new RuleEngine(rules(DOUBLE_NEG)).rewrite(g);
        assertEquals(List.of(new Rewrite("double_neg", "n2", List.of())), r.rewrites());
        assertEquals(List.of("Neg", "Exp", "Identity"), ops(g), "n1 stays for Exp; n2 is gone");
        assertEquals("b", g.value("d").producer().input(0).name());
        assertEquals(List.of("c", "d"), g.outputs().stream().map(v -> v.name()).toList(), "outputs keep their names");
    }

    @Test
    void deadNodesAreRemovedAndPassesRunToAFixpoint() {
        Graph g = graph("""
                graph g
                input a : f32[3]
                node n1 = Neg(a) -> b : f32[3]
                node n2 = Neg(b) -> c : f32[3]
                node n3 = Neg(c) -> d : f32[3]
                node n4 = Neg(d) -> e : f32[3]
                node n5 = Relu(e) -> f : f32[3]
                output f
                """);
        RewriteReport r = new RuleEngine(rules(DOUBLE_NEG)).rewrite(g);
        assertEquals(List.of("Relu"), ops(g));
        assertEquals("a", g.nodes().getFirst().input(0).name());
        assertTrue(r.reachedFixpoint());
        assertEquals(5, r.nodesBefore());
        assertEquals(1, r.nodesAfter());
    }

    @Test
    void higherPriorityWinsAndAFalseConditionPassesToTheNextRule() {
        Graph g = graph("""
                graph g
                input a : f32[2,3]
                node t = Transpose(a) {perm = [1, 0]} -> b : f32[3,2]
                node r = Relu(b) -> c : f32[3,2]
                output c
                """);
        RewriteReport r = new RuleEngine(rules("""
                rule low priority 1:
                    match Relu(x)
                    => Sigmoid(x)
                rule high priority 5:
                    match Relu(Transpose(x) as t)
                    if t.perm == [0, 1]
                    => Tanh(x)
                rule middle priority 3:
                    match Relu(x)
                    if x.shape == [3, 2]
                    => Abs(x)
                """)).rewrite(g);
        assertEquals("middle", r.rewrites().getFirst().rule());
        assertEquals(List.of("Transpose", "Abs", "Identity"), ops(g), "the output keeps its name through an Identity");
    }

    @Test
    void aReplacementThatBreaksTypesIsRefusedNamingRuleAndNode() {
        Graph g = graph("""
                graph g
                input a : f32[2,3]
                init s : i64[1] = {6}
                node flat = Reshape(a, s) -> b : f32[6]
                node r = Relu(b) -> c : f32[6]
                output c
                """);
        RewriteReport r = new RuleEngine(rules("""
                rule drop_reshape:
                    match Reshape(x, _)
                    => x
                """)).rewrite(g);
        assertTrue(r.rewrites().isEmpty());
        assertEquals(1, r.refusals().size());
        String refusal = r.refusals().getFirst();
        assertTrue(refusal.startsWith("rule drop_reshape (t.pypm:1:1) at node 'flat' (Reshape): "), refusal);
        assertTrue(refusal.contains("f32[2,3] where the graph has f32[6]"), refusal);
        assertEquals(List.of("Reshape", "Relu"), ops(g));
    }

    @Test
    void aNewNodeItsOpRejectsIsRefusedAndTakenOutAgain() {
        Graph g = graph("""
                graph g
                input a : f32[2,3]
                input b : f32[3,4]
                node m = MatMul(a, b) -> c : f32[2,4]
                output c
                """);
        RewriteReport r = new RuleEngine(rules("""
                rule bad_swap:
                    match MatMul(x, y)
                    => MatMul(y, x)
                """)).rewrite(g);
        assertEquals(1, r.refusals().size());
        assertTrue(r.refusals().getFirst().contains("new MatMul node: MatMul inner dimensions differ"), r.refusals().getFirst());
        assertEquals(1, g.nodes().size());
    }

    @Test
    void runawayRecursionIsReportedAsFuelExhaustion() {
        Graph g = graph("""
                graph g
                input a : f32[3]
                node n = Relu(a) -> b : f32[3]
                output b
                """);
        RewriteReport r = new RuleEngine(rules("""
                pattern Forever(x) = Forever(x) | Relu(x)
                rule loop:
                    match Forever(x)
                    => x
                """), null, OpRegistry.get(), 4, 1000).rewrite(g);
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().getFirst().startsWith("rule loop (t.pypm:2:1) ran out of fuel (1000) at node 'n' (Relu)"),
                r.problems().getFirst());
    }

    @Test
    void thePassBoundStopsRulesThatNeverSettle() {
        Graph g = graph("""
                graph g
                input a : f32[3]
                node n = Relu(a) -> b : f32[3]
                output b
                """);
        RewriteReport r = new RuleEngine(rules("""
                rule grow:
                    match Relu(x)
                    => Relu(Abs(x))
                """), null, OpRegistry.get(), 3, 1000).rewrite(g);
        assertFalse(r.reachedFixpoint());
        assertEquals(1, r.passes(), "the first pass spends its rewrite budget");
        assertEquals(4 * 1 + 64, r.rewrites().size());
        assertTrue(r.format().contains("stopped by a bound before a fixpoint"), r.format());
    }

    @Test
    void anUnboundVariableIsAnAbsentInputAndAttributesComeFromTheMatch() {
        Graph g = graph("""
                graph g
                input a : f32[2,3]
                input w : f32[3]
                input b : f32[3]
                node ln = LayerNormalization(a, w) {epsilon = 0.125} -> y : f32[2,3]
                node ln2 = LayerNormalization(a, w, b) {epsilon = 0.25} -> z : f32[2,3]
                node s = Add(y, z) -> o : f32[2,3]
                output o
                """);
        new RuleEngine(rules("""
                rule ln:
                    match (LayerNormalization(x, w, b) | LayerNormalization(x, w)) as n
                    => FusedLayerNorm(x, w, b, epsilon=attr(n, "epsilon") * 2)
                """)).rewrite(g);
        Node first = g.value("o").producer().input(0).producer();
        Node second = g.value("o").producer().input(1).producer();
        assertEquals(2, first.inputs().size());
        assertEquals(0.25f, first.attributes().getFloat("epsilon", 0));
        assertEquals(3, second.inputs().size());
        assertEquals(0.5f, second.attributes().getFloat("epsilon", 0));
    }

    @Test
    void aConditionThatCannotBeEvaluatedMakesTheRuleNotApply() {
        Graph g = graph("""
                graph g
                input a : f32[3]
                input s : f32[]
                node m = Mul(a, s) -> b : f32[3]
                output b
                """);
        RewriteReport r = new RuleEngine(rules("""
                rule scale_by_one:
                    match Mul(x, s)
                    if value(s) == 1.0
                    => x
                """)).rewrite(g);
        assertTrue(r.rewrites().isEmpty() && r.refusals().isEmpty());
        assertNotNull(g.value("b"));
        assertNull(g.value("b/output"));
    }
}
