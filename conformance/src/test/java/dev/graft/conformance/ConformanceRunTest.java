package dev.graft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.conformance.gen.CaseGenerator;
import dev.graft.conformance.run.DifferentialRunner;
import dev.graft.conformance.run.Implementation;
import dev.graft.conformance.run.InProcessEngine;
import dev.graft.conformance.run.LineAnswerer;
import dev.graft.conformance.run.Verdict;
import dev.graft.conformance.shrink.Shrinker;
import dev.graft.conformance.trace.ClauseTracer;
import dev.graft.conformance.trace.Coverage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with the clause tracer standing in for both implementations, one
 * of them given a bug: alternation answering its right side first.
 */
class ConformanceRunTest {
    @TempDir
    Path corpusDir;

    private static final LineAnswerer SPEC = request -> new ClauseTracer(new Coverage()).answer(request);
    private static final LineAnswerer SWAPPED_ALT = request -> SPEC.answer(request.replaceAll(
            "\\(alt ((?:[^()]|\\([^()]*\\))+) ((?:[^()]|\\([^()]*\\))+)\\)", "(alt $2 $1)"));

    private final List<String> lines = new ArrayList<>();
    private final List<Verdict> shrunk = new ArrayList<>();

    private final Report report = new Report() {
        @Override
        public void progress(String phase, long done, long total, long failed) {
        }

        @Override
        public void mismatch(String origin, Verdict original, Verdict small, Path written) {
            shrunk.add(small);
            lines.add(origin + " -> " + written);
        }

        @Override
        public void line(String text) {
            lines.add(text);
        }
    };

    private DifferentialRunner runner(LineAnswerer reference, LineAnswerer candidate) {
        return new DifferentialRunner(new Implementation("spec", () -> new InProcessEngine("spec", reference)),
                new Implementation("buggy", () -> new InProcessEngine("buggy", candidate)), Duration.ofSeconds(10));
    }

    @Test
    void findsTheBugShrinksItAndSavesItToTheCorpus() throws Exception {
        try (DifferentialRunner runner = runner(SPEC, SWAPPED_ALT)) {
            ConformanceRun run = new ConformanceRun(runner, new Shrinker(runner::run, Duration.ofSeconds(20)),
                    new Corpus(corpusDir), report, 2);
            run.random(new CaseSource(new CaseGenerator(5, 6), new Coverage()), 300, "seed 5");
            assertTrue(run.failed() > 2, "failed: " + run.failed());
            assertEquals(300, run.passed() + run.failed());
            assertEquals(0, run.tracerDisagreements());
            List<Corpus.Entry> saved = new Corpus(corpusDir).entries();
            assertFalse(saved.isEmpty());
            for (Verdict v : shrunk.subList(0, 2)) {
                assertFalse(v.passed());
                assertTrue(v.request().contains("(alt "), v.request());
                assertTrue(v.request().length() < 120, v.request());
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  tracer:   (ok")), "the tracer's reading is shown");
            String text = Files.readString(corpusDir.resolve(saved.get(0).origin().split(" ")[0]));
            assertTrue(text.contains("; spec: ") && text.contains("; buggy: "), text);

            ConformanceRun replay = new ConformanceRun(runner, new Shrinker(runner::run, Duration.ofSeconds(1)),
                    new Corpus(corpusDir), report, 0);
            replay.replay(new Corpus(corpusDir).entries());
            assertEquals(saved.size(), replay.failed(), "saved cases fail again on replay");
        }
    }

    @Test
    void aReferenceThatDisagreesWithTheTracerIsCalledOut() {
        try (DifferentialRunner runner = runner(SWAPPED_ALT, SWAPPED_ALT)) {
            ConformanceRun run = new ConformanceRun(runner, new Shrinker(runner::run, Duration.ofSeconds(1)),
                    new Corpus(corpusDir), report, 0);
            run.random(new CaseSource(new CaseGenerator(5, 6), new Coverage()), 300, "seed 5");
            assertEquals(0, run.failed());
            assertTrue(run.tracerDisagreements() > 0);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("clause tracer disagrees with both")), lines.toString());
        }
    }
}
