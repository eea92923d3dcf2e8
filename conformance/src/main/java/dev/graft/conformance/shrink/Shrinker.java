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
    private static final int BATCH = 64;

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
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            List<String> candidates = Candidates.of(current).stream().map(Sx::toString).toList();
            for (int from = 0; from < candidates.size() && !progress && System.nanoTime() < deadline; from += BATCH) {
                for (Verdict v : runner.apply(candidates.subList(from, Math.min(candidates.size(), from + BATCH)))) {
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
