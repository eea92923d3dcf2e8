package dev.graft.conformance;

import dev.graft.conformance.run.DifferentialRunner;
import dev.graft.conformance.run.Outcome;
import dev.graft.conformance.run.Verdict;
import java.util.List;

/**
 * Checks both implementations against answers written down in advance: the
 * n-th request line against the n-th answer line. A case passes when each side
 * agrees with the expected answer (for errors, in kind only).
 */
public final class ExpectCheck {
    private ExpectCheck() {
    }

    /** Runs the cases; returns how many failed, reporting each failure. */
    public static long run(DifferentialRunner runner, List<String> requests, List<String> expected, Report report) {
        if (requests.size() != expected.size()) {
            throw new IllegalArgumentException(requests.size() + " requests but " + expected.size() + " answers");
        }
        List<Verdict> verdicts = runner.run(requests);
        long failed = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            Outcome want = Outcome.answered(expected.get(i));
            if (!want.agreesWith(v.reference()) || !want.agreesWith(v.candidate())) {
                failed++;
                report.line("FAIL case " + (i + 1) + ": " + v.request());
                report.line("  expected:  " + want.answer());
                report.line("  " + runner.referenceName() + ": " + v.reference().describe());
                report.line("  " + runner.candidateName() + ": " + v.candidate().describe());
            }
            report.progress("expect", i + 1, verdicts.size(), failed);
        }
        return failed;
    }
}
