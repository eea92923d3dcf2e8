package dev.graft.conformance.run;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs the same requests on a reference and a candidate implementation and pairs
 * up their outcomes. Requests go out in batches: a whole batch is queued on both
 * sides before any answer is read, so the two work at the same time and a child
 * process never waits on a round trip per case.
 */
public final class DifferentialRunner implements AutoCloseable {
    private final Side reference;
    private final Side candidate;

    public DifferentialRunner(Implementation reference, Implementation candidate, Duration perCase) {
        this.reference = new Side(reference, perCase);
        this.candidate = new Side(candidate, perCase);
    }

    public String referenceName() {
        return reference.name();
    }

    public String candidateName() {
        return candidate.name();
    }

    /** Runs one batch; the verdicts are in the order of the requests. */
    public List<Verdict> run(List<String> requests) {
        reference.sendAll(requests);
        candidate.sendAll(requests);
        List<Outcome> fromReference = reference.collect(requests);
        List<Outcome> fromCandidate = candidate.collect(requests);
        return IntStream.range(0, requests.size())
                .mapToObj(i -> new Verdict(requests.get(i), fromReference.get(i), fromCandidate.get(i)))
                .toList();
    }

    /** How many times each side was restarted after a crash or hang, for the summary. */
    public String restarts() {
        return reference.name() + " " + reference.restarts() + ", " + candidate.name() + " " + candidate.restarts();
    }

    @Override
    public void close() {
        reference.close();
        candidate.close();
    }
}
