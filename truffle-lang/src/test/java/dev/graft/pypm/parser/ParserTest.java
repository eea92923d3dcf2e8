package dev.graft.pypm.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.pypm.parser.ast.BinaryOp;
import dev.graft.pypm.parser.ast.Decl;
import dev.graft.pypm.parser.ast.Expr;
import dev.graft.pypm.parser.ast.Module;
import dev.graft.pypm.parser.ast.PatternExpr;
import dev.graft.pypm.parser.ast.Replacement;
import org.junit.jupiter.api.Test;

class ParserTest {

    private static Module parse(String text) {
        return Parser.parse(new SourceText("t.pypm", text));
    }

    private static String error(String text) {
        return assertThrows(SourceError.class, () -> parse(text)).getMessage();
    }

    @Test
    void parsesImportsDefinitionsAndRules() {
        Module m = parse("""
                # a comment
                import common
                from std.attention import KeyT, Scaled   # trailing comment
                pattern Silu(x) = Mul(x, Sigmoid(x)) | Mul(Sigmoid(x), x)
                rule swiglu priority 5:
                    match Mul(Silu(g), u)
                    if g.dtype == "f32"
                    => FusedSwiGLU(g, u, alpha=1.0)
                """);
        assertEquals(4, m.decls().size());
        assertEquals(java.util.List.of("common"), m.imports().get(0).module());
        assertNull(m.imports().get(0).names());
        assertEquals(java.util.List.of("std", "attention"), m.imports().get(1).module());
        assertEquals("Scaled", m.imports().get(1).names().get(1).name());
        Decl.PatternDef silu = m.patterns().get(0);
        assertEquals("Silu", silu.name());
        assertInstanceOf(PatternExpr.Alt.class, silu.body());
        Decl.RuleDef rule = m.rules().get(0);
        assertEquals(5, rule.priority());
        assertInstanceOf(Expr.Binary.class, rule.condition());
        var node = assertInstanceOf(Replacement.NewNode.class, rule.replacement());
        assertEquals("FusedSwiGLU", node.op());
        assertEquals(2, node.inputs().size());
        assertEquals("alpha", node.attributes().get(0).name());
    }

    @Test
    void whereGuardsTheOnePatternBeforeIt() {
        PatternExpr body = parse("pattern P(x, y) = A(x) | B(y) where y.rank == 2 & C(x)\n").patterns().get(0).body();
        var alt = assertInstanceOf(PatternExpr.Alt.class, body);
        var both = assertInstanceOf(PatternExpr.Both.class, alt.right());
        assertInstanceOf(PatternExpr.Where.class, both.left());
    }

    @Test
    void parsesExistsAsFunctionVariablesAndAttributeTests() {
        PatternExpr body = parse("""
                pattern P(x) = exists t, ?F:
                    ?F(Transpose(x, perm=[0, 2, 1, 3]) as t, _) where ?F in ["Add", "Mul"]
                """).patterns().get(0).body();
        var ex = assertInstanceOf(PatternExpr.Exists.class, body);
        assertEquals(2, ex.names().size());
        assertEquals(true, ex.names().get(1).function());
        var where = assertInstanceOf(PatternExpr.Where.class, ex.body());
        var f = assertInstanceOf(PatternExpr.FunVar.class, where.pattern());
        var as = assertInstanceOf(PatternExpr.As.class, f.args().get(0));
        var tr = assertInstanceOf(PatternExpr.Apply.class, as.pattern());
        assertEquals("perm", tr.attributes().get(0).name());
        assertEquals(BinaryOp.IN, assertInstanceOf(Expr.Binary.class, where.guard()).op());
    }

    @Test
    void expressionPrecedenceFollowsPython() {
        Expr e = parse("pattern P(x) = x where not x.rank + 1 * 2 < len(x.shape) or x.shape[-1] % 2 == 0\n")
                .patterns().get(0).body() instanceof PatternExpr.Where w ? w.guard() : null;
        var or = assertInstanceOf(Expr.Binary.class, e);
        assertEquals(BinaryOp.OR, or.op());
        var not = assertInstanceOf(Expr.Not.class, or.left());
        var lt = assertInstanceOf(Expr.Binary.class, not.operand());
        assertEquals(BinaryOp.LT, lt.op());
        var sum = assertInstanceOf(Expr.Binary.class, lt.left());
        assertEquals(BinaryOp.ADD, sum.op());
        var index = assertInstanceOf(Expr.Index.class,
                assertInstanceOf(Expr.Binary.class, assertInstanceOf(Expr.Binary.class, or.right()).left()).left());
        assertEquals(-1, assertInstanceOf(Expr.IntLit.class, index.index()).value());
    }

    @Test
    void keepsSourceSections() {
        Module m = parse("pattern A(x) = x\npattern B(y) =\n    Relu(y)\n");
        Decl.PatternDef b = m.patterns().get(1);
        assertEquals("t.pypm:2:1", b.span().where());
        assertEquals("Relu(y)", b.body().span().text());
        assertEquals("t.pypm:3:5", b.body().span().where());
    }

    @Test
    void syntaxErrorShowsFileLineColumnSourceAndCaret() {
        assertEquals("""
                t.pypm:2:22: expected ')' to close the arguments of Mul, found '=>'
                pattern B(y) = Mul(y => x
                                     ^""", error("pattern A(x) = x\npattern B(y) = Mul(y => x\n"));
    }

    @Test
    void unindentedContinuationIsReportedWhereTheStatementBreaksOff() {
        String msg = error("rule r:\n    match Relu(x)\n=> x\n");
        assertEquals("t.pypm:3:1: expected '=>' before the rule's replacement, "
                + "found the next statement at the start of the line (indent continuation lines)", msg.lines().findFirst().get());
    }

    @Test
    void lexicalErrorsAreLocated() {
        assertEquals("t.pypm:1:18: unexpected character '$'", error("pattern P(x) = x $\n").lines().findFirst().get());
        assertEquals("t.pypm:1:32: string is not closed on its line",
                error("pattern P(x) = x where x.op == \"Add\n").lines().findFirst().get());
        assertEquals("t.pypm:1:1: expected 'pattern', 'rule', 'import' or 'from', found 'patern'",
                error("patern P(x) = x\n").lines().findFirst().get());
        assertEquals("t.pypm:1:3: a statement must start at column 1", error("  pattern P(x) = x\n").lines().findFirst().get());
    }

    @Test
    void comparisonsDoNotChain() {
        assertEquals("t.pypm:1:30: comparisons do not chain; join them with 'and'",
                error("pattern P(x) = x where 1 < 2 < 3\n").lines().findFirst().get());
    }

    @Test
    void replacementTakesNoneAndNestedNodes() {
        var r = assertInstanceOf(Replacement.NewNode.class, parse("""
                rule r:
                    match MatMul(q, k)
                    => Fused(q, Transpose(k, perm=[0, 1, 3, 2]), None, scale=0.5 * value(k))
                """).rules().get(0).replacement());
        assertInstanceOf(Replacement.NewNode.class, r.inputs().get(1));
        assertInstanceOf(Replacement.NoInput.class, r.inputs().get(2));
        assertInstanceOf(Expr.Call.class, assertInstanceOf(Expr.Binary.class, r.attributes().get(0).value()).right());
    }
}
