package dev.graft.pypm.rules.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.TypeInference;
import dev.graft.pypm.PypmLanguage;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;

/** docs/POLYGLOT.md: a rule set loaded with {@code eval("pypm", ...)} rewrites a graph its host holds, from Java and from JavaScript. */
class PolyglotRulesTest {
    private static final String RULES = """
            from std.common import MulC
            rule silu:
                match MulC(x, Sigmoid(x))
                => FusedSwiGLU(x, x)
            rule double_neg priority 5:
                match Neg(Neg(x))
                => x
            """;

    private static Graph graph() {
        Graph g = GraphTextReader.read("""
                graph g
                input a : f32[4]
                node s = Sigmoid(a) -> sa
                node m = Mul(sa, a) -> y
                node n1 = Neg(y) -> z
                node n2 = Neg(z) -> w
                output w
                """, "g");
        TypeInference.run(g);
        return g;
    }

    private static List<String> ops(Graph g) {
        return g.topologicalOrder().stream().map(Node::op).toList();
    }

    @Test
    void aJavaHostLoadsRulesAndRewritesItsGraph() {
        Graph g = graph();
        try (Context context = Context.newBuilder(PypmLanguage.ID).allowHostAccess(HostAccess.ALL).build()) {
            Value rules = context.eval(PypmLanguage.ID, RULES);
            assertEquals("double_neg,silu", rules.getMember("rules").asString());
            String report = rules.invokeMember("rewrite", g).asString();
            assertTrue(report.contains("silu: 1") && report.contains("double_neg: 1"), report);
        }
        assertEquals(List.of("FusedSwiGLU", "Identity"), ops(g));
    }

    @Test
    void aJavaScriptProgramOnGraalJsDoesTheSame() {
        Graph g = graph();
        try (Context context = Context.newBuilder("js", PypmLanguage.ID).allowHostAccess(HostAccess.ALL)
                .allowPolyglotAccess(PolyglotAccess.ALL).build()) {
            context.getBindings("js").putMember("graph", g);
            context.getBindings("js").putMember("rulesText", RULES);
            Value report = context.eval("js", """
                    const rules = Polyglot.eval("pypm", rulesText);
                    rules.rewrite(graph);
                    """);
            assertTrue(report.asString().startsWith("rewrites: 2"), report.asString());
        }
        assertEquals(List.of("FusedSwiGLU", "Identity"), ops(g));
    }

    @Test
    void aBadRuleSetIsASyntaxErrorWithItsPlace() {
        try (Context context = Context.newBuilder(PypmLanguage.ID).allowHostAccess(HostAccess.ALL).build()) {
            Source source = Source.newBuilder(PypmLanguage.ID, "rule r:\n    match Relu(x\n    => x\n", "mine.pypm")
                    .buildLiteral();
            PolyglotException e = assertThrows(PolyglotException.class, () -> context.eval(source));
            assertTrue(e.isSyntaxError());
            assertTrue(e.getMessage().startsWith("mine.pypm:3:5: expected ')' to close the arguments of Relu"), e.getMessage());
            assertEquals(3, e.getSourceLocation().getStartLine());
            IllegalArgumentException notAGraph = assertThrows(IllegalArgumentException.class,
                    () -> context.eval(PypmLanguage.ID, RULES).invokeMember("rewrite", "not a graph"));
            assertTrue(notAGraph.getMessage().contains("rewrite takes an engine graph"), notAGraph.getMessage());
        }
    }

    @Test
    void coreRequestsStillGoThroughTheirMimeType() throws Exception {
        try (Context context = Context.create(PypmLanguage.ID)) {
            Source core = Source.newBuilder(PypmLanguage.ID, "(match () _ (a ()) 1)", "r.core")
                    .mimeType(PypmLanguage.CORE_MIME_TYPE).build();
            assertEquals("(ok (()))", context.eval(core).asString());
        }
    }
}
