package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.pypm.Matcher;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.WireReader;
import dev.graft.pypm.parser.ModuleSource;
import dev.graft.pypm.parser.SourceError;
import dev.graft.pypm.parser.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lowering to the core, and every error the loader reports before any matching. */
class RuleLoaderTest {

    private static RuleSet load(String text) {
        return RuleEngineTest.rules(text);
    }

    /** The first line of the error: {@code file:line:col: reason}. */
    private static String error(String text) {
        return assertThrows(SourceError.class, () -> load(text)).headline();
    }

    @Test
    void lowersSugarToTheCoreCalculus() {
        RuleSet set = load("""
                pattern Either(a, b) = Add(a, b) | Add(b, a)
                rule r:
                    match Relu(Either(x, Transpose(y, perm=[1, 0]) as t)) where x.rank == 2
                    => x
                """);
        assertEquals("(def t.Either (a b) (alt (op Add (var a) (var b)) (op Add (var b) (var a))))",
                set.definitions().getFirst().toString());
        assertEquals("(guard (op Relu (call t.Either (var x) (and (var t) (exists a'1 (guard (and (var a'1) "
                + "(op Transpose (var y))) (== (attr a'1 \"perm\") (list 1 0))))))) (== (attr x \"rank\") 2))",
                set.rules().getFirst().query().toString());
    }

    @Test
    void matchesInTheCoreOrder() {
        RuleSet set = load("""
                pattern Either(a, b) = Add(a, b) | Add(b, a)
                rule r:
                    match Either(x, y)
                    => x
                """);
        Answer a = Matcher.answer(set.definitions(), set.rules().getFirst().query(),
                WireReader.term("(Add () (c ()) (d ()))"), 10);
        assertEquals("(ok (((x (c ())) (y (d ()))) ((x (d ())) (y (c ())))))", a.toString());
    }

    @Test
    void recursiveDefinitionsWithFunctionVariables() {
        RuleSet set = load("""
                pattern Chain(x) = x | exists ?F: ?F(Chain(x)) where ?F in ["Relu", "Abs", "Neg"]
                rule r:
                    match Exp(Chain(y))
                    => y
                """);
        Answer a = Matcher.answer(set.definitions(), set.rules().getFirst().query(),
                WireReader.term("(Exp () (Relu () (Abs () (a ()))))"), 10);
        assertEquals("(ok (((y (Relu () (Abs () (a ()))))) ((y (Abs () (a ())))) ((y (a ())))))", a.toString());
    }

    @Test
    void unknownNamesAreRejectedWithTheirPlace() {
        assertEquals("t.pypm:2:11: unknown name Relux in rule r: neither a pattern definition in scope nor a known op",
                error("rule r:\n    match Relux(x)\n    => x\n"));
        assertEquals("t.pypm:1:23: unknown variable y in pattern P (not a parameter and not bound by an enclosing exists)",
                error("pattern P(x) = Add(x, y)\n"));
        assertEquals("t.pypm:1:16: function variable ?F in pattern P must be bound by an enclosing 'exists ?F:'",
                error("pattern P(x) = ?F(x)\n"));
        assertEquals("t.pypm:3:12: rule r uses z, which its pattern does not bind",
                error("rule r:\n    match Relu(x)\n    => Abs(z)\n"));
        assertEquals("t.pypm:3:12: rule r uses y, which its pattern does not bind",
                error("rule r:\n    match Relu(x) where y.rank == 2\n    => Abs(y)\n"));
        assertEquals("t.pypm:3:8: unknown op Fused in the replacement of rule r",
                error("rule r:\n    match Relu(x)\n    => Fused(x)\n"));
        assertEquals("t.pypm:3:8: unknown function wobble()",
                error("rule r:\n    match Relu(x)\n    if wobble(x)\n    => x\n"));
    }

    @Test
    void wrongAritiesAreRejected() {
        assertEquals("t.pypm:2:16: pattern P takes 1 argument(s), given 2 (defined at t.pypm:1:1)",
                error("pattern P(x) = Relu(x)\npattern Q(y) = P(y, y)\n"));
        assertEquals("t.pypm:3:8: attr() takes 2 to 3 argument(s), given 1",
                error("rule r:\n    match Relu(x)\n    if attr(x)\n    => x\n"));
    }

    @Test
    void illFormedDefinitionsAreRejected() {
        assertEquals("t.pypm:2:1: pattern P is defined twice (first at t.pypm:1:1)",
                error("pattern P(x) = x\npattern P(y) = y\n"));
        assertEquals("t.pypm:1:14: parameter x appears twice in pattern P", error("pattern P(x, x) = x\n"));
        assertEquals("t.pypm:4:1: rule r is defined twice (first at t.pypm:1:1)",
                error("rule r:\n    match Relu(x)\n    => x\nrule r:\n    match Abs(x)\n    => x\n"));
        assertEquals("t.pypm:1:33: a float is not allowed in a 'where' guard (the core has integers, strings and lists); "
                + "test it in the rule's 'if'", error("pattern P(x) = x where x.eps == 0.5\n"));
        assertEquals("t.pypm:2:21: attribute tests apply to ops; P is a pattern definition",
                error("pattern P(x) = x\npattern Q(y) = P(y, axis=1)\n"));
    }

    @Test
    void theCoresWellFormednessCheckIsMappedToTheSource() {
        String msg = error("""
                pattern Ranked(x) = x where x.rank == 2
                pattern User(y) = Ranked(Relu(y))
                """);
        assertEquals("t.pypm:2:1: ill-formed: definition t.User: call of t.Ranked passes (op Relu (var y)) for "
                + "parameter x, which a guard uses; pass a term variable", msg);
    }

    @Test
    void importsBringDefinitionsFromFilesAndTheStandardLibrary(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/shapes.pypm"), "from std.common import MulC\npattern Twice(x) = MulC(x, x)\n");
        Files.writeString(dir.resolve("main.pypm"), """
                from lib.shapes import Twice
                import std.common
                rule square:
                    match AddC(Twice(x), x)
                    => x
                """);
        RuleSet set = RuleLoader.load(dir.resolve("main.pypm").toString(), KnownOps.standard());
        assertEquals(1, set.rules().size(), "imports bring definitions, not rules");
        Files.writeString(dir.resolve("other.pypm"), "from lib.shapes import Thrice\n");
        SourceError e = assertThrows(SourceError.class,
                () -> RuleLoader.load(dir.resolve("other.pypm").toString(), KnownOps.standard()));
        assertEquals(dir.resolve("other.pypm") + ":1:24: module lib.shapes has no pattern Thrice", e.headline());
        Files.writeString(dir.resolve("other.pypm"), "import missing\n");
        e = assertThrows(SourceError.class, () -> RuleLoader.load(dir.resolve("other.pypm").toString(), KnownOps.standard()));
        assertEquals(dir.resolve("other.pypm") + ":1:1: no module missing (looked for missing.pypm beside the importing file)",
                e.headline());
    }

    @Test
    void aDirectoryLoadsTheRulesOfEveryFileAndImportsMayCycle(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.pypm"), "from b import B\npattern A(x) = Relu(B(x))\nrule ra:\n    match A(x)\n    => x\n");
        Files.writeString(dir.resolve("b.pypm"), "from a import A\npattern B(x) = Abs(x)\nrule rb:\n    match Relu(A(x))\n    => x\n");
        RuleSet set = RuleLoader.load(dir.toString(), KnownOps.standard());
        assertEquals(2, set.rules().size());
        assertEquals(2, set.definitions().size());
        assertThrows(IllegalArgumentException.class, () -> RuleLoader.load(dir.resolve("none").toString(), KnownOps.standard()));
    }

    @Test
    void theStandardLibraryIsListedInItsIndex() {
        assertEquals(java.util.List.of("canonical", "attention", "norms", "rotary", "activations", "linear"),
                ModuleSource.Std.modules());
        assertEquals("std/common.pypm", new ModuleSource.Std().read(java.util.List.of("common")).name());
        SourceText none = new ModuleSource.Std().read(java.util.List.of("nothing"));
        assertEquals(null, none);
    }
}
