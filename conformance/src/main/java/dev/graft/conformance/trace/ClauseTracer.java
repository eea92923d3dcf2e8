package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import dev.graft.conformance.sx.SxReader;
import dev.graft.conformance.sx.SxSyntaxError;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers a request line the way CORE-SPEC says, reporting every clause it takes
 * to a {@link Tracer}. It is the harness's own instrumented reading of the
 * semantics: its job is to measure which clauses a run reached, and its answers
 * let the tests check that reading against pypm-ref.
 */
public final class ClauseTracer {
    /** Enough for every request the generator means to make; a runaway one stops here. */
    public static final long DEFAULT_STEP_LIMIT = 200_000;

    private final Tracer tracer;
    private final long stepLimit;

    public ClauseTracer(Tracer tracer) {
        this(tracer, DEFAULT_STEP_LIMIT);
    }

    public ClauseTracer(Tracer tracer, long stepLimit) {
        this.tracer = tracer;
        this.stepLimit = stepLimit;
    }

    /**
     * The answer CORE-SPEC gives the request line.
     *
     * @throws CaseTooCostly when matching takes more than the step limit
     */
    public String answer(String line) {
        CheckedRequest request;
        try {
            request = new RequestChecker(tracer).check(SxReader.read(line));
        } catch (SxSyntaxError e) {
            tracer.hit(Clause.MALFORMED_SYNTAX);
            return error(e.getMessage());
        } catch (Rejected e) {
            tracer.hit(e.reason());
            return error(e.getMessage());
        }
        if (request.fuel() == 0) {
            tracer.hit(Clause.FUEL_ZERO);
        }
        List<Subst> results;
        try {
            results = new TracingMatcher(request.definitions(), tracer, stepLimit)
                    .match(request.pattern(), (Sx.Lst) request.term(), Subst.EMPTY, request.fuel());
        } catch (Exhausted e) {
            tracer.hit(Clause.ANSWER_EXHAUSTED);
            return "(exhausted)";
        }
        tracer.hit(switch (results.size()) {
            case 0 -> Clause.ANSWER_NO_MATCH;
            case 1 -> Clause.ANSWER_ONE;
            default -> Clause.ANSWER_MANY;
        });
        if (new HashSet<>(results).size() < results.size()) {
            tracer.hit(Clause.ANSWER_DUPLICATES);
        }
        return results.stream().map(Subst::toWire).collect(Collectors.joining(" ", "(ok (", "))"));
    }

    private static String error(String message) {
        return "(error " + Sx.str(message) + ")";
    }
}
