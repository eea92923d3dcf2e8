package dev.graft.conformance.cli;

import dev.graft.conformance.CaseSource;
import dev.graft.conformance.ConformanceRun;
import dev.graft.conformance.Corpus;
import dev.graft.conformance.ExpectCheck;
import dev.graft.conformance.gen.CaseGenerator;
import dev.graft.conformance.run.DifferentialRunner;
import dev.graft.conformance.shrink.Shrinker;
import dev.graft.conformance.trace.Coverage;
import dev.graft.engine.cli.ExitCode;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft conformance}: the Truffle core mode against pypm-ref, case for case. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Differential test of the Truffle core mode against pypm-ref (CORE-SPEC).",
                "Replays the corpus, then runs random cases; shrinks each mismatch and saves it to the corpus.",
                "With --expect, checks a file of cases against a file of expected answers instead.",
                "Ends with the line `N passed, M failed`; exits 1 on any failure."})
public final class ConformanceCommand implements GraftCommand, Callable<Integer> {

    @Option(names = "--cases", paramLabel = "N", defaultValue = "1000", description = "Random cases to run (default ${DEFAULT-VALUE}).")
    long cases;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random cases (default: a fresh one, printed).")
    Long seed;

    @Option(names = "--size", paramLabel = "K", defaultValue = "8", description = "Size of terms, patterns and definitions (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--corpus", paramLabel = "DIR", description = "Regression corpus to replay and extend (default: conformance/corpus of the Graft home).")
    Path corpus;

    @Option(names = "--expect", paramLabel = "FILE", description = "Expected answers, one line per request of CASES.")
    Path expect;

    @Parameters(paramLabel = "CASES", arity = "0..1", description = "Request lines checked against --expect.")
    Path expectCases;

    @Option(names = "--timeout-ms", defaultValue = "10000", description = "A case with no answer after this long is a hang (default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--require-coverage", description = "Fail when the random cases leave a semantic clause or construct unreached.")
    boolean requireCoverage;

    @Option(names = "--max-shrunk", defaultValue = "10", description = "Shrink and save at most this many mismatches (default ${DEFAULT-VALUE}).")
    int maxShrunk;

    @Option(names = "--shrink-seconds", defaultValue = "30", description = "Time to spend shrinking each mismatch (default ${DEFAULT-VALUE}).")
    long shrinkSeconds;

    @Override
    public Integer call() throws IOException {
        ExpectedCases expected = expect != null ? expectedCases() : null;
        if (expect == null) {
            checkRandomOptions();
        }
        PrintStream out = System.out;
        Path binary = ReferenceBinary.locate();
        boolean terminal = System.console() != null && System.console().isTerminal();
        try (DifferentialRunner runner = new DifferentialRunner(Implementations.reference(binary),
                Implementations.core(), Duration.ofMillis(timeoutMillis))) {
            ConsoleReport report = new ConsoleReport(out, terminal, runner.referenceName(), runner.candidateName());
            if (expected != null) {
                long failed = ExpectCheck.run(runner, expected.requests(), expected.answers(), report);
                out.println((expected.requests().size() - failed) + " passed, " + failed + " failed");
                return failed == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
            }
            return randomMode(runner, report, out, binary);
        }
    }

    /** The request lines of CASES and the answer lines of --expect, checked to pair up. */
    private record ExpectedCases(List<String> requests, List<String> answers) {
    }

    ExpectedCases expectedCases() throws IOException {
        if (expectCases == null) {
            throw new UserError("--expect " + expect + " needs the CASES file it answers");
        }
        List<String> requests = Corpus.requestLines(readable(expectCases));
        List<String> answers = Corpus.requestLines(readable(expect));
        if (requests.size() != answers.size()) {
            throw new UserError(expectCases + " has " + requests.size() + " requests but " + expect + " has "
                    + answers.size() + " answers");
        }
        return new ExpectedCases(requests, answers);
    }

    void checkRandomOptions() {
        if (expectCases != null) {
            throw new UserError("a CASES file is only read with --expect FILE: " + expectCases);
        }
        if (cases < 0 || size < 1) {
            throw new UserError("--cases must be at least 0 and --size at least 1, got " + cases + " and " + size);
        }
    }

    private int randomMode(DifferentialRunner runner, ConsoleReport report, PrintStream out, Path binary) {
        Corpus regressions = new Corpus(corpus != null ? corpus : binary.getParent().getParent().resolve("conformance/corpus"));
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 48);
        Shrinker shrinker = new Shrinker(runner::run, Duration.ofSeconds(shrinkSeconds));
        ConformanceRun run = new ConformanceRun(runner, shrinker, regressions, report, maxShrunk);
        long started = System.nanoTime();
        List<Corpus.Entry> replayed = regressions.entries();
        run.replay(replayed);
        long corpusDone = System.nanoTime();
        Coverage coverage = new Coverage();
        run.random(new CaseSource(new CaseGenerator(s, size), coverage), cases, "seed " + s + " size " + size);
        double corpusSeconds = (corpusDone - started) / 1e9;
        double randomSeconds = (System.nanoTime() - corpusDone) / 1e9;
        report.line(String.format("corpus: %d cases in %.1f s; random: %d cases (seed %d, size %d) in %.1f s (%.0f cases/s); restarts: %s",
                replayed.size(), corpusSeconds, cases, s, size, randomSeconds, cases / Math.max(randomSeconds, 1e-9),
                runner.restarts()));
        boolean coverageGap = false;
        if (cases > 0) {
            coverage.table().forEach(report::line);
            List<String> gaps = coverage.unreached();
            if (!gaps.isEmpty()) {
                report.line("never reached: " + String.join("; ", gaps));
                coverageGap = requireCoverage;
            }
        }
        if (run.tracerDisagreements() > 0) {
            report.line(run.tracerDisagreements() + " cases where the clause tracer disagrees with both "
                    + "implementations: its coverage figures cannot be trusted");
        }
        out.println(run.passed() + " passed, " + run.failed() + " failed");
        boolean ok = run.failed() == 0 && !coverageGap && run.tracerDisagreements() == 0;
        return ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private static Path readable(Path file) {
        if (!Files.isReadable(file)) {
            throw new UserError("cannot read " + file);
        }
        return file;
    }
}
