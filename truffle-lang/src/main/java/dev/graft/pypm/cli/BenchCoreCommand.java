package dev.graft.pypm.cli;

import com.sun.management.OperatingSystemMXBean;
import dev.graft.engine.cli.UserError;
import dev.graft.pypm.TruffleRuntimeInfo;
import dev.graft.pypm.core.CoreMode;
import dev.graft.pypm.core.WireReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code graft bench core}: core-mode throughput of this interpreter against pypm-ref
 * on the same case file, in one run. graft answers the file in-process after a warm-up,
 * pypm-ref through a pipe, startup included; both answer lists must be identical, or the
 * figures mean nothing. The two sides are measured in alternating slices, so that each
 * round's ratio compares the two under the same load of a shared machine, and the median
 * over the rounds is the figure.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = {"Core-mode requests per CPU second, graft (warm) against pypm-ref, on one case file.",
            "After graft's warm-up, each of --rounds rounds measures graft for --seconds and then pypm-ref for"
                    + " --seconds; prints each round's figures and ratio, then the median ratio, its range and"
                    + " the ratio of the medians."})
public final class BenchCoreCommand implements Callable<Integer> {
    /**
     * How long at most, in windows of what length, and down to what share of a core, the
     * JVM is waited for before pypm-ref is timed. A short window keeps the two slices of a
     * round close in time: the build machine has slow spells of a few seconds, and a
     * round whose two slices fall on either side of one's edge gives a ratio off by half.
     */
    private static final int QUIET_WAIT_SECONDS = 30;
    private static final int QUIET_WINDOW_MILLIS = 200;
    private static final double QUIET_CPU_SHARE = 0.05;

    @Option(names = "--cases", paramLabel = "FILE",
            description = "Request lines (default: bench/core-cases.txt under $GRAFT_HOME).")
    Path cases;

    @Option(names = "--ref", paramLabel = "EXE",
            description = "The reference matcher (default: extracted/pypm-ref under $GRAFT_HOME; if that is not"
                    + " built, graft alone is measured).")
    Path ref;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "21",
            description = "Rounds of one graft slice and one pypm-ref slice (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0.5",
            description = "Seconds of each slice, either side (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "20",
            description = "Seconds of warm-up for graft before the rounds, and half as long before matching alone"
                    + " (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Path home = Path.of(System.getenv().getOrDefault("GRAFT_HOME", "."));
        Path caseFile = cases != null ? cases : home.resolve("bench/core-cases.txt");
        Path refExe = ref != null ? ref : home.resolve("extracted/pypm-ref");
        boolean haveRef = Files.isExecutable(refExe);
        if (!haveRef && ref != null) {
            throw new UserError("--ref " + ref + ": no executable file there");
        }
        List<String> requests = readRequests(caseFile);
        byte[] file = readBytes(caseFile);
        FutureTask<Integer> bench = new FutureTask<>(() -> run(caseFile, file, requests, refExe, haveRef));
        // Deep terms and deep recursion need graft core's big stack, here as there.
        Thread worker = new Thread(null, bench, "bench-core", CoreCommand.MATCH_STACK_BYTES);
        worker.start();
        try {
            return bench.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    private void checkOptions() {
        if (rounds < 1) {
            throw new UserError("--rounds " + rounds + ": must be at least 1");
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new UserError("--seconds " + seconds + ": must be a number of seconds above 0");
        }
        if (!(warmup >= 0) || Double.isInfinite(warmup)) {
            throw new UserError("--warmup " + warmup + ": must be a number of seconds, 0 or more");
        }
    }

    /** The bench itself, on a thread with graft core's stack. */
    private Integer run(Path caseFile, byte[] file, List<String> requests, Path refExe, boolean haveRef)
            throws Exception {
        System.out.println(TruffleRuntimeInfo.describe());
        System.out.printf("cases: %s, %d requests; %d rounds of %s s a side%n", caseFile, requests.size(), rounds,
                seconds);
        CoreMode core = new CoreMode();
        Passes graft = new Passes(() -> serveFile(core, file, OutputStream.nullOutputStream()), requests.size());
        if (!haveRef) {
            System.out.println("pypm-ref: not found at " + refExe + " (build it with `make -C extracted`);"
                    + " graft alone, no ratio");
            graft.warmUp(warmup);
            measureGraftAlone(graft);
        } else {
            try (RefThroughput reference = RefThroughput.open(refExe, caseFile, requests.size(), seconds)) {
                checkSameAnswers(caseFile, reference.answers(), graftAnswers(core, file));
                graft.warmUp(warmup);
                measureRounds(graft, reference, requests.size());
            }
        }
        MatchOnly matching = MatchOnly.of(requests);
        Passes matchOnly = new Passes(matching::matchAll, matching.size());
        matchOnly.warmUp(warmup / 2);
        System.out.println("graft matching alone (requests read and compiled once, results counted, no answers made): "
                + matchOnly.measure(rounds * seconds).describe());
        return 0;
    }

    private void measureGraftAlone(Passes graft) {
        List<Throughput> slices = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Throughput slice = graft.measure(seconds);
            slices.add(slice);
            System.out.printf("slice %d of %d: graft %s%n", round, rounds, perRequest(slice));
        }
        printGraftSummary(slices);
    }

    private void measureRounds(Passes graft, RefThroughput reference, int requestsPerPass) throws Exception {
        List<Throughput> ours = new ArrayList<>();
        List<Throughput> theirs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Throughput g = graft.measure(seconds);
            double waited = awaitQuietJvm();
            Throughput r = reference.measure();
            ours.add(g);
            theirs.add(r);
            System.out.printf("round %d of %d: graft %s; pypm-ref %.1f us CPU/request (%.1f wall) after %.1f s quiet;"
                    + " ratio %.2fx (%.2fx all threads)%n", round, rounds, perRequest(g), r.cpuMicrosPerRequest(),
                    r.wallMicrosPerRequest(), waited, g.rate() / r.rate(), g.processRate() / r.rate());
        }
        printGraftSummary(ours);
        Spread ref = spread(theirs, Throughput::cpuMicrosPerRequest);
        System.out.println("pypm-ref, piped, startup included, median (min-max) over the slices: "
                + ref.describe("%.1f") + " us CPU per request");
        List<Double> ratios = new ArrayList<>();
        List<Double> processRatios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ratios.add(ours.get(i).rate() / theirs.get(i).rate());
            processRatios.add(ours.get(i).processRate() / theirs.get(i).rate());
        }
        Spread graftSlices = spread(ours, Throughput::cpuMicrosPerRequest);
        // The fastest slice of each side is the one least disturbed by the machine's other work.
        System.out.printf("ratio graft/pypm-ref, throughput per CPU second (answers identical on all %d requests):"
                + " median (min-max) over the rounds %s, ratio of the medians %.2fx, of the fastest slices %.2fx;"
                + " counting all of graft's threads: median %s%n",
                requestsPerPass, Spread.of(ratios).describe("%.2fx"), ref.median() / graftSlices.median(),
                ref.min() / graftSlices.min(), Spread.of(processRatios).describe("%.2fx"));
    }

    private static void printGraftSummary(List<Throughput> slices) {
        System.out.printf("graft core, warm, in-process (the file's bytes through graft core's loop), median (min-max)"
                + " over the slices: %s us CPU per request (%s us CPU all threads)%n",
                spread(slices, Throughput::cpuMicrosPerRequest).describe("%.1f"),
                spread(slices, Throughput::processCpuMicrosPerRequest).describe("%.1f"));
    }

    private static String perRequest(Throughput t) {
        return String.format("%.1f us CPU/request (%.1f all threads, %.1f wall)", t.cpuMicrosPerRequest(),
                t.processCpuMicrosPerRequest(), t.wallMicrosPerRequest());
    }

    private static Spread spread(List<Throughput> slices, ToDoubleFunction<Throughput> figure) {
        return Spread.of(slices.stream().map(figure::applyAsDouble).toList());
    }

    private static List<String> readRequests(Path file) {
        try {
            List<String> requests = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !WireReader.isComment(line)).toList();
            if (requests.isEmpty()) {
                throw new UserError("the case file " + file + " holds no request lines");
            }
            return requests;
        } catch (NoSuchFileException e) {
            throw new UserError("the case file " + file + " does not exist (--cases)");
        } catch (IOException e) {
            throw new UserError("cannot read the case file " + file + ": " + e.getMessage());
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read the case file " + file + ": " + e.getMessage());
        }
    }

    /**
     * One pass as {@code graft core} makes it, minus the system calls: the file's bytes
     * read line by line and decoded, each answer encoded and flushed to {@code out}. The
     * program cache of {@code core} survives from pass to pass.
     */
    private static void serveFile(CoreMode core, byte[] file, OutputStream out) {
        CoreCommand.serve(core, new ByteArrayInputStream(file), out);
    }

    /** The answers of the pass that is measured, made by the {@code CoreMode} that is measured. */
    private static List<String> graftAnswers(CoreMode core, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serveFile(core, file, out);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void checkSameAnswers(Path caseFile, List<String> theirs, List<String> ours) {
        if (!theirs.equals(ours)) {
            throw new UserError("graft core and pypm-ref disagree on " + caseFile + " (first at request "
                    + (firstDifference(theirs, ours) + 1) + "); run the conformance harness");
        }
    }

    /**
     * Waits (at most {@value #QUIET_WAIT_SECONDS} s) until this JVM has used under
     * {@value #QUIET_CPU_SHARE} of a core for {@value #QUIET_WINDOW_MILLIS} ms, and says
     * how many seconds that took: on a machine of two cores graft's compiler threads,
     * still busy, slow pypm-ref's timing by as much as a fifth.
     */
    private static double awaitQuietJvm() throws InterruptedException {
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int windows = 0;
        while (windows * QUIET_WINDOW_MILLIS < QUIET_WAIT_SECONDS * 1000) {
            long before = process.getProcessCpuTime();
            Thread.sleep(QUIET_WINDOW_MILLIS);
            windows++;
            if (process.getProcessCpuTime() - before < QUIET_CPU_SHARE * QUIET_WINDOW_MILLIS * 1e6) {
                break;
            }
        }
        return windows * QUIET_WINDOW_MILLIS / 1000.0;
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }
}
