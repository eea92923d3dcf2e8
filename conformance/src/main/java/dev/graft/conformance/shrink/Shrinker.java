package dev.graft.conformance.shrink;

import dev.graft.conformance.run.Outcome;
import dev.graft.conformance.run.Verdict;
import dev.graft.conformance.sx.Sx;
import dev.graft.conformance.sx.SxReader;
import dev.graft.conformance.sx.SxSyntaxError;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Reduces a failing case to a small one that fails the same way: the same kind
 * of outcome on each side (answer, exhausted, error or fault), still different.
 * Greedy: each round runs the one-step reductions of the current case, in
 * batches, and moves to the first that still fails, until none does or the time
 * is up (a case that hangs costs a timeout per try).
 */
public final class Shrinker {
    private static final int MAX_BATCH = 64;
    private static final long FAST_BATCH_NANOS = 200_000_000L;

    private final Function<List<String>, List<Verdict>> runner;
    private final Duration budget;

    public Shrinker(Function<List<String>, List<Verdict>> runner, Duration budget) {
        this.runner = runner;
        this.budget = budget;
    }

    public Verdict shrink(Verdict failing) {
        long deadline = System.nanoTime() + budget.toNanos();
        Sx current;
        try {
            current = SxReader.read(failing.request());
        } catch (SxSyntaxError e) {
            return failing;
        }
        Verdict best = failing;
        int batch = 1;
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            List<String> candidates = Candidates.of(current).stream().map(Sx::toString).toList();
            for (int from = 0; from < candidates.size() && !progress && System.nanoTime() < deadline; from += batch) {
                long started = System.nanoTime();
                List<Verdict> verdicts = runner.apply(candidates.subList(from, Math.min(candidates.size(), from + batch)));
                batch = nextBatch(batch, System.nanoTime() - started);
                for (Verdict v : verdicts) {
                    if (!v.passed() && sameFailure(v, failing)) {
                        best = v;
                        current = SxReader.read(v.request());
                        progress = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    /**
     * Batches grow while they run fast and shrink when they are slow: a whole batch
     * runs before its first failure is taken, and a case that takes the reference
     * seconds (or hangs) must not be paid for many times over.
     */
    private static int nextBatch(int batch, long nanos) {
        if (nanos < FAST_BATCH_NANOS) {
            return Math.min(MAX_BATCH, batch * 2);
        }
        return Math.max(1, batch / 2);
    }

    private static boolean sameFailure(Verdict a, Verdict b) {
        return kind(a.reference()).equals(kind(b.reference())) && kind(a.candidate()).equals(kind(b.candidate()));
    }

    private static String kind(Outcome o) {
        if (o.isFault()) {
            return "fault";
        }
        return o.isError() ? "error" : o.answer().startsWith("(ok") ? "ok" : o.answer();
    }
}
