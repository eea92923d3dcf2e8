package dev.graft.conformance;

import dev.graft.conformance.gen.CaseGenerator;
import dev.graft.conformance.trace.CaseTooCostly;
import dev.graft.conformance.trace.ClauseTracer;
import dev.graft.conformance.trace.Coverage;
import java.util.ArrayList;
import java.util.List;

/**
 * The random cases of a run: each generated request is first answered by the
 * clause tracer, which counts the clauses it reaches into the run's coverage and
 * turns away a request too costly to answer (another attempt replaces it).
 */
public final class CaseSource {
    private final CaseGenerator generator;
    private final Coverage coverage;
    private long nextIndex;

    public CaseSource(CaseGenerator generator, Coverage coverage) {
        this.generator = generator;
        this.coverage = coverage;
    }

    /** The next {@code count} cases, with the index each was generated under. */
    public List<IndexedCase> next(int count) {
        List<IndexedCase> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long index = nextIndex++;
            for (int attempt = 0; ; attempt++) {
                String line = generator.generate(index, attempt);
                Coverage scratch = new Coverage();
                String traced;
                try {
                    traced = new ClauseTracer(scratch).answer(line);
                } catch (CaseTooCostly e) {
                    continue;
                }
                coverage.add(scratch);
                out.add(new IndexedCase(index, attempt, line, traced));
                break;
            }
        }
        return out;
    }

    /** A generated request, how to make it again, and the clause tracer's answer to it. */
    public record IndexedCase(long index, int attempt, String request, String traced) {
    }
}
