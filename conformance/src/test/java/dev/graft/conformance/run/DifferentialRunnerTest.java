package dev.graft.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DifferentialRunnerTest {

    /** Answers like the fake process, but throws on "boom" and blocks on "stall". */
    private static String candidate(String request) {
        if (request.contains("boom")) {
            throw new IllegalStateException("boom");
        }
        if (request.contains("stall")) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return request.contains("differ") ? "(ok ())" : "(ok (()))";
    }

    @Test
    void pairsAnswersInOrderAndGoesOnAfterEachKindOfFault() throws Exception {
        AtomicInteger candidates = new AtomicInteger();
        Implementation reference = new Implementation("ref", () -> {
            try {
                return new ProcessEngine(FakeLineProtocol.command());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Implementation candidate = new Implementation("cand", () -> {
            candidates.incrementAndGet();
            return new InProcessEngine("cand", DifferentialRunnerTest::candidate);
        });
        List<String> requests = List.of("a", "crash", "b", "boom", "differ", "stall", "c", "hang", "d");
        try (DifferentialRunner runner = new DifferentialRunner(reference, candidate, Duration.ofSeconds(3))) {
            List<Verdict> verdicts = runner.run(requests);
            assertEquals(requests, verdicts.stream().map(Verdict::request).toList());
            List<Boolean> passed = verdicts.stream().map(Verdict::passed).toList();
            assertEquals(List.of(true, false, true, false, false, false, true, false, true), passed);
            assertTrue(verdicts.get(1).reference().fault().contains("exit status 3"));
            assertTrue(verdicts.get(3).candidate().fault().contains("boom"));
            assertTrue(verdicts.get(5).candidate().fault().contains("no answer within"));
            assertTrue(verdicts.get(7).reference().fault().contains("no answer within"));
            assertFalse(verdicts.get(4).reference().isFault() || verdicts.get(4).candidate().isFault());
            assertEquals("ref 2, cand 2", runner.restarts());
            assertEquals(3, candidates.get());
            assertTrue(runner.run(List.of("e")).get(0).passed(), "the restarted sides keep working");
        }
    }
}
