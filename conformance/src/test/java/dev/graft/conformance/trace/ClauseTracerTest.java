package dev.graft.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.conformance.Corpus;
import dev.graft.conformance.run.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClauseTracerTest {

    /** The hand-checked cases that {@code graft conformance --expect} also runs on both implementations. */
    @Test
    void answersTheHandCheckedCasesAsExpected() throws Exception {
        Path expect = Path.of(System.getProperty("graft.repo"), "conformance", "expect");
        List<String> requests = Corpus.requestLines(expect.resolve("spec.cases"));
        List<String> answers = Corpus.requestLines(expect.resolve("spec.answers"));
        assertEquals(requests.size(), answers.size());
        for (int i = 0; i < requests.size(); i++) {
            Outcome traced = Outcome.answered(new ClauseTracer(new Coverage()).answer(requests.get(i)));
            assertTrue(traced.agreesWith(Outcome.answered(answers.get(i))),
                    requests.get(i) + "\n want " + answers.get(i) + "\n got  " + traced.answer());
        }
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
