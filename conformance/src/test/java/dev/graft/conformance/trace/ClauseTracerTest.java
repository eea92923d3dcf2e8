package dev.graft.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClauseTracerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            wildcard             | (match () _ (a ()) 0) | (ok (()))
            variable binds       | (match () (var x) (a ((shape (list 2 3)))) 0) | (ok (((x (a ((shape (list 2 3))))))))
            attributes sorted    | (match () (var x) (a ((z 1) (b "q"))) 0) | (ok (((x (a ((b "q") (z 1)))))))
            id of call fuel 1    | (match ((def Id (x) (var x)) (def P () _)) (call Id (call P)) (a ()) 1) | (exhausted)
            id of call fuel 2    | (match ((def Id (x) (var x)) (def P () _)) (call Id (call P)) (a ()) 2) | (ok (()))
            unused argument      | (match ((def K (x) _) (def L () (call L))) (call K (call L)) (a ()) 1) | (ok (()))
            exhausted wins       | (match ((def L () (call L))) (alt _ (call L)) (a ()) 5) | (exhausted)
            unreached call       | (match ((def L () (call L))) (op b (call L)) (a () (a ())) 0) | (ok ())
            fvar seen by guard   | (match () (fvar F (guard (var x) (== (fname F) "a"))) (a () (b ())) 0) | (ok (((x (b ())) (?F "a"))))
            nonlinear            | (match () (op add (var x) (var x)) (add () (c ()) (c ())) 0) | (ok (((x (c ())))))
            nonlinear other      | (match () (op add (var x) (var x)) (add () (c ()) (d ())) 0) | (ok ())
            exists restores      | (match () (and (var x) (exists x (op b))) (a ()) 0) | (ok ())
            exists restores 2    | (match () (and (var x) (exists x (var x))) (a ()) 0) | (ok (((x (a ())))))
            error under not      | (match () (guard _ (not (< 1 "a"))) (a ()) 0) | (ok ())
            short circuit        | (match () (guard _ (or true (/ 1 0))) (a ()) 0) | (ok (()))
            duplicates           | (match () (alt _ _) (a ()) 0) | (ok (() ()))
            capture avoided      | (match ((def C (x) (exists y (and (var y) (var x))))) (op f (var y) (call C (var y))) (f () (a ()) (b ())) 1) | (ok ())
            negative index       | (match () (guard (var x) (== (index (attr x "shape") -1) 3)) (a ((shape (list 2 3)))) 0) | (ok (((x (a ((shape (list 2 3))))))))
            truncating division  | (match () (guard _ (and (== (/ -7 2) -3) (== (% -7 2) -1))) (a ()) 0) | (ok (()))
            """)
    void answersAsTheSpecSays(String name, String request, String expected) {
        assertEquals(expected, new ClauseTracer(new Coverage()).answer(request));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MALFORMED_SYNTAX                   | (match () _ (a ()) 0
            MALFORMED_FORM                     | (match () (alt _) (a ()) 0)
            MALFORMED_FORM                     | (match () _ (a) 0)
            MALFORMED_FORM                     | (match () _ (a ()) -1)
            MALFORMED_DUPLICATE_ATTRIBUTE      | (match () _ (a ((s 1) (s 2))) 0)
            ILL_FORMED_FREE_VARIABLE           | (match ((def P () (var y))) _ (a ()) 0)
            ILL_FORMED_FREE_VARIABLE           | (match ((def P () (fvar F))) _ (a ()) 0)
            ILL_FORMED_UNKNOWN_DEFINITION      | (match () (call Q) (a ()) 0)
            ILL_FORMED_ARGUMENT_COUNT          | (match ((def P (x) (var x))) (call P) (a ()) 0)
            ILL_FORMED_DUPLICATE_DEFINITION    | (match ((def P () _) (def P () _)) _ (a ()) 0)
            ILL_FORMED_DUPLICATE_PARAMETER     | (match ((def P (x x) _)) _ (a ()) 0)
            ILL_FORMED_GUARD_USED_NOT_VARIABLE | (match ((def G (x) (guard _ (== (opof x) "a"))) (def H (y) (call G (var y)))) (call H _) (a ()) 0)
            """)
    void rejectsWithTheReason(Clause reason, String request) {
        Coverage coverage = new Coverage();
        String answer = new ClauseTracer(coverage).answer(request);
        assertTrue(answer.startsWith("(error "), answer);
        assertEquals(1, coverage.count(reason));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CALL_RENAMES_APART       | (match ((def C (x) (exists y (and (var y) (var x))))) (op f (var y) (call C (var y))) (f () (a ()) (b ())) 1)
            EXISTS_RESTORES_BOUND    | (match () (and (var x) (exists x (var x))) (a ()) 0)
            EXHAUSTED_LATER_CHILD    | (match ((def L () (call L))) (op f _ (call L)) (f () (a ()) (b ())) 3)
            EXHAUSTED_ALT_RIGHT      | (match ((def L () (call L))) (alt _ (call L)) (a ()) 5)
            OP_LATER_CHILD_SKIPPED   | (match ((def L () (call L))) (op f (op z) (call L)) (f () (a ()) (b ())) 0)
            GUARD_SEES_FUNCTION_VARIABLE | (match () (fvar F (guard (var x) (== (fname F) "a"))) (a () (b ())) 0)
            DEFS_RECURSIVE_GUARDED   | (match ((def N (x) (alt (var x) (op f (call N (var x)))))) _ (a ()) 0)
            DEFS_RECURSIVE_UNGUARDED | (match ((def L () (call L))) _ (a ()) 0)
            """)
    void tracesTheClause(Clause clause, String request) {
        Coverage coverage = new Coverage();
        new ClauseTracer(coverage).answer(request);
        assertTrue(coverage.count(clause) > 0, coverage.table().toString());
    }
}
