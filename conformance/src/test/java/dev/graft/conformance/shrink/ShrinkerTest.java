package dev.graft.conformance.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.conformance.run.Outcome;
import dev.graft.conformance.run.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {
    /** A pretend candidate that gets every request mentioning op "mul" with fuel above 2 wrong. */
    private static Verdict judge(String request) {
        Outcome reference = Outcome.answered("(ok ())");
        boolean buggy = request.contains("(op mul") && request.matches(".* ([3-9]|[1-9][0-9]+)\\)$");
        return new Verdict(request, reference, Outcome.answered(buggy ? "(ok (()))" : "(ok ())"));
    }

    @Test
    void reducesToASmallCaseThatFailsTheSameWay() {
        String big = "(match ((def P (x) (alt (var x) (op f (call P (var x))))) (def Q () _)) "
                + "(and (call P (var y)) (op add (op mul _ (var z)) (exists w (var w)))) "
                + "(add ((shape (list 2 3))) (mul () (a ()) (b ())) (f ())) 17)";
        Verdict failing = judge(big);
        assertFalse(failing.passed());
        Shrinker shrinker = new Shrinker(requests -> requests.stream().map(ShrinkerTest::judge).toList(),
                Duration.ofSeconds(20));
        Verdict small = shrinker.shrink(failing);
        assertFalse(small.passed());
        assertTrue(small.request().length() < 30, small.request());
        assertTrue(small.request().endsWith(" 3)"), "fuel shrinks to the least that still fails: " + small.request());
    }

    @Test
    void aCaseThatIsNotAnSExpressionStaysAsItIs() {
        Verdict broken = new Verdict("(match (", Outcome.answered("(error \"x\")"), Outcome.answered("(ok ())"));
        Shrinker shrinker = new Shrinker(requests -> List.of(), Duration.ofSeconds(1));
        assertEquals(broken, shrinker.shrink(broken));
    }
}
