package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of CORE-SPEC section 2, and the definition each error names. */
class WellFormednessTest {
    private static final Pattern ANY = new Pattern.Wildcard();

    private static Pattern.Var var(String x) {
        return new Pattern.Var(x);
    }

    private static Pattern call(String p, Pattern... args) {
        return new Pattern.Call(p, List.of(args));
    }

    private static Pattern.Guarded opIs(Pattern p, String x, String op) {
        return new Pattern.Guarded(p, new Guard.Binary(BinaryOp.EQ, new Guard.OpOf(x), new Guard.Str(op)));
    }

    private static Definition def(String name, List<String> params, Pattern body) {
        return new Definition(name, params, body);
    }

    private static IllFormedException rejects(List<Definition> defs, Pattern query, String definition, String... words) {
        IllFormedException e = assertThrows(IllFormedException.class, () -> WellFormedness.check(defs, query));
        assertEquals(definition, e.definition(), e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), e.getMessage() + " should mention " + word);
        }
        return e;
    }

    @Test
    void duplicateDefinitionNames() {
        rejects(List.of(def("P", List.of(), ANY), def("P", List.of(), ANY)), ANY, "P", "defined twice");
    }

    @Test
    void duplicateParameterNames() {
        rejects(List.of(def("P", List.of("x", "x"), ANY)), ANY, "P", "parameter x");
    }

    @Test
    void unknownDefinitionInBodyAndQuery() {
        rejects(List.of(def("P", List.of(), call("Q"))), ANY, "P", "unknown definition Q");
        rejects(List.of(), call("Q"), null, "unknown definition Q");
    }

    @Test
    void wrongNumberOfArguments() {
        rejects(List.of(def("P", List.of("x"), var("x"))), call("P"), null, "P", "0 argument", "takes 1");
    }

    @Test
    void freeVariablesInBodiesButNotInTheQuery() {
        rejects(List.of(def("P", List.of(), var("y"))), ANY, "P", "free term variable y");
        rejects(List.of(def("P", List.of(), new Pattern.FunVar("F", List.of()))), ANY, "P", "?F");
        rejects(List.of(def("P", List.of(), opIs(ANY, "y", "a"))), ANY, "P", "y", "guard");
        rejects(List.of(def("P", List.of(), new Pattern.Guarded(ANY,
                new Guard.Binary(BinaryOp.EQ, new Guard.FunName("G"), new Guard.Str("a"))))), ANY, "P", "?G");
        assertDoesNotThrow(() -> WellFormedness.check(List.of(), new Pattern.And(var("y"),
                new Pattern.FunVar("F", List.of()))));
    }

    @Test
    void existsScopesEndWithTheirBody() {
        Pattern body = new Pattern.OpPattern("f", List.of(new Pattern.Exists("y", var("y")), var("y")));
        rejects(List.of(def("P", List.of(), body)), ANY, "P", "y");
        Pattern scoped = new Pattern.ExistsFun("F", new Pattern.FunVar("F", List.of(var("x"))));
        assertDoesNotThrow(() -> WellFormedness.check(List.of(def("P", List.of("x"), scoped)), ANY));
    }

    @Test
    void unusedDefinitionsAreCheckedToo() {
        rejects(List.of(def("Unused", List.of(), var("q"))), ANY, "Unused", "q");
    }

    @Test
    void guardUsedParametersTakeTermVariables() {
        Definition isA = def("IsA", List.of("x"), opIs(ANY, "x", "a"));
        rejects(List.of(isA), call("IsA", ANY), null, "IsA", "parameter x");
        rejects(List.of(isA), call("IsA", new Pattern.OpPattern("a", List.of())), null, "IsA");
        assertDoesNotThrow(() -> WellFormedness.check(List.of(isA), call("IsA", var("y"))));
    }

    @Test
    void guardUseIsTransitiveThroughBareVariables() {
        Definition isA = def("IsA", List.of("x"), opIs(ANY, "x", "a"));
        Definition via = def("Via", List.of("y"), call("IsA", var("y")));
        rejects(List.of(isA, via), call("Via", ANY), null, "Via", "parameter y");
        Definition bad = def("Bad", List.of(), call("Via", ANY));
        rejects(List.of(isA, via, bad), ANY, "Bad", "Via");
    }

    @Test
    void anExistsShadowsAParameterInGuards() {
        Definition shadowed = def("P", List.of("x"), new Pattern.Exists("x", opIs(var("x"), "x", "a")));
        assertDoesNotThrow(() -> WellFormedness.check(List.of(shadowed), call("P", ANY)));
    }
}
