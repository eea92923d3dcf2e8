package dev.graft.conformance;

import dev.graft.conformance.run.DifferentialRunner;
import dev.graft.conformance.run.Outcome;
import dev.graft.conformance.run.Verdict;
import dev.graft.conformance.shrink.Shrinker;
import dev.graft.conformance.trace.CaseTooCostly;
import dev.graft.conformance.trace.ClauseTracer;
import dev.graft.conformance.trace.Coverage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One conformance session: replays the corpus, then runs random cases in
 * batches, shrinking the first failures and adding them to the corpus. It keeps
 * the tally of the final {@code N passed, M failed} line, and checks the clause
 * tracer against the reference on the way, since coverage figures mean nothing
 * if the tracer reads the semantics differently.
 */
public final class ConformanceRun {
    private static final int BATCH = 500;

    private final DifferentialRunner runner;
    private final Shrinker shrinker;
    private final Corpus corpus;
    private final Report report;
    private final int maxShrunk;
    private long passed;
    private long failed;
    private long shrunk;
    private long tracerDisagreements;

    public ConformanceRun(DifferentialRunner runner, Shrinker shrinker, Corpus corpus, Report report, int maxShrunk) {
        this.runner = runner;
        this.shrinker = shrinker;
        this.corpus = corpus;
        this.report = report;
        this.maxShrunk = maxShrunk;
    }

    public long passed() {
        return passed;
    }

    public long failed() {
        return failed;
    }

    public long tracerDisagreements() {
        return tracerDisagreements;
    }

    /** Replays the corpus; a failure is reported as it is, not shrunk again. */
    public void replay(List<Corpus.Entry> entries) {
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<Corpus.Entry> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
            List<Verdict> verdicts = runner.run(batch.stream().map(Corpus.Entry::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                tally(verdicts.get(i), "corpus " + batch.get(i).origin(), false);
            }
            report.progress("corpus", from + batch.size(), entries.size(), failed);
        }
    }

    /**
     * Runs {@code cases} random cases from the source. The next batch is generated
     * (and traced) on another thread while the implementations answer this one.
     */
    public void random(CaseSource source, long cases, String describeSource) {
        ExecutorService generator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "case generator");
            t.setDaemon(true);
            return t;
        });
        try {
            long requested = Math.min(BATCH, cases);
            Future<List<CaseSource.IndexedCase>> next = generator.submit(() -> source.next((int) Math.min(BATCH, cases)));
            for (long done = 0; done < cases; ) {
                List<CaseSource.IndexedCase> batch = next.get();
                if (requested < cases) {
                    int size = (int) Math.min(BATCH, cases - requested);
                    requested += size;
                    next = generator.submit(() -> source.next(size));
                }
                run(batch, describeSource);
                done += batch.size();
                report.progress("random", done, cases, failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating cases", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the case generator failed", e.getCause());
        } finally {
            generator.shutdownNow();
        }
    }

    private void run(List<CaseSource.IndexedCase> batch, String describeSource) {
        List<Verdict> verdicts = runner.run(batch.stream().map(CaseSource.IndexedCase::request).toList());
        for (int i = 0; i < batch.size(); i++) {
            CaseSource.IndexedCase c = batch.get(i);
            Verdict v = verdicts.get(i);
            checkTracer(c, v);
            tally(v, describeSource + " case " + c.index() + (c.attempt() > 0 ? " attempt " + c.attempt() : ""), true);
        }
    }

    private static String traced(String request) {
        try {
            return new ClauseTracer(new Coverage()).answer(request);
        } catch (CaseTooCostly e) {
            return "<" + e.getMessage() + ">";
        }
    }

    private void tally(Verdict v, String origin, boolean shrinkIt) {
        if (v.passed()) {
            passed++;
            return;
        }
        failed++;
        if (!shrinkIt || shrunk >= maxShrunk) {
            report.mismatch(origin, v, v, null);
            return;
        }
        shrunk++;
        Verdict small = shrinker.shrink(v);
        Path written = corpus.add(small, "shrunk from " + origin, runner.referenceName(), runner.candidateName());
        report.mismatch(origin, v, small, written);
        report.line("  tracer:   " + traced(small.request()) + "   (the harness's own reading of CORE-SPEC)");
    }

    /**
     * When the implementations agree, the tracer must too, or its reading of the
     * semantics (and so the coverage table) is off. When they disagree, the
     * tracer's answer is printed beside theirs as a third reading.
     */
    private void checkTracer(CaseSource.IndexedCase c, Verdict v) {
        if (v.passed() && !Outcome.answered(c.traced()).agreesWith(v.reference())) {
            tracerDisagreements++;
            report.line("clause tracer disagrees with both implementations on case " + c.index() + ": "
                    + c.request() + "\n  tracer: " + c.traced() + "\n  both:   " + v.reference().describe());
        }
    }
}
