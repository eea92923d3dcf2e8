package dev.graft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.conformance.gen.CaseGenerator;
import dev.graft.conformance.trace.Clause;
import dev.graft.conformance.trace.Coverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseSourceTest {

    @Test
    void reachesEveryClauseAndConstruct() {
        Coverage coverage = new Coverage();
        new CaseSource(new CaseGenerator(1, 8), coverage).next(4000);
        coverage.table().forEach(System.out::println);
        assertEquals(List.of(), coverage.unreached());
    }

    @Test
    void mostCasesAreWellFormedAndManyMatch() {
        Coverage coverage = new Coverage();
        int n = 2000;
        new CaseSource(new CaseGenerator(2, 8), coverage).next(n);
        long matched = coverage.count(Clause.ANSWER_ONE) + coverage.count(Clause.ANSWER_MANY);
        long answered = matched + coverage.count(Clause.ANSWER_NO_MATCH) + coverage.count(Clause.ANSWER_EXHAUSTED);
        assertTrue(answered > 0.9 * n, "well-formed: " + answered);
        assertTrue(matched > 0.3 * n, "matched: " + matched);
    }

    @Test
    void aCaseIsItsSeedAndIndex() {
        CaseGenerator generator = new CaseGenerator(7, 5);
        assertEquals(generator.generate(123, 0), new CaseGenerator(7, 5).generate(123, 0));
        assertTrue(!generator.generate(123, 0).equals(generator.generate(124, 0)));
    }

    @Test
    void sizeScalesTheCases() {
        double small = averageLength(new CaseGenerator(3, 2));
        double large = averageLength(new CaseGenerator(3, 20));
        assertTrue(large > 2 * small, small + " vs " + large);
    }

    private static double averageLength(CaseGenerator generator) {
        return new CaseSource(generator, new Coverage()).next(300).stream()
                .mapToInt(c -> c.request().length()).average().orElseThrow();
    }
}
