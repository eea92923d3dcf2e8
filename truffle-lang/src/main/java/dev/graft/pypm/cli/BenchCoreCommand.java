package dev.graft.pypm.cli;

import com.sun.management.OperatingSystemMXBean;
import dev.graft.engine.cli.UserError;
import dev.graft.pypm.TruffleRuntimeInfo;
import dev.graft.pypm.core.CoreMode;
import dev.graft.pypm.core.WireReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code graft bench core}: core-mode throughput of this interpreter against pypm-ref
 * on the same case file, in one run. pypm-ref answers the file (repeated) through a
 * pipe, startup included; graft answers it in-process after a warm-up. Both answer
 * lists must be identical, or the figures mean nothing.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Core-mode requests per second, graft (warm) against pypm-ref, on one case file.")
public final class BenchCoreCommand implements Callable<Integer> {
    /** Process CPU over the answering thread's CPU below which the other threads count as idle. */
    private static final double IDLE_OTHERS = 1.1;
    /** How long, and down to what share of a core, the JVM is waited for before pypm-ref is timed. */
    private static final int QUIET_WAIT_SECONDS = 30;
    private static final double QUIET_CPU_SHARE = 0.05;

    @Option(names = "--cases", paramLabel = "FILE", description = "Request lines (default: bench/core-cases.txt).")
    Path cases;

    @Option(names = "--ref", paramLabel = "EXE", description = "The reference matcher (default: extracted/pypm-ref).")
    Path ref;

    @Option(names = "--seconds", description = "Seconds to measure each side (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    double seconds;

    @Option(names = "--warmup", description = "Seconds of warm-up for graft (default: ${DEFAULT-VALUE}).",
            defaultValue = "20")
    double warmup;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("GRAFT_HOME", "."));
        Path caseFile = cases != null ? cases : home.resolve("bench/core-cases.txt");
        Path refExe = ref != null ? ref : home.resolve("extracted/pypm-ref");
        List<String> requests = readRequests(caseFile);
        System.out.println(TruffleRuntimeInfo.describe());
        System.out.printf("cases: %s, %d requests%n", caseFile, requests.size());
        byte[] file = readBytes(caseFile);
        CoreMode core = new CoreMode();
        Throughput graft = repeat(() -> serveFile(core, file), requests.size(), warmup, seconds);
        System.out.println("graft core, warm, in-process (the file's bytes through graft core's loop): "
                + graft.describe());
        MatchOnly matching = MatchOnly.of(requests);
        Throughput matchOnly = repeat(matching::matchAll, matching.size(), warmup / 2, seconds);
        System.out.println("graft matching alone (requests read and compiled once, results counted, no answers made): "
                + matchOnly.describe());
        if (!Files.isExecutable(refExe)) {
            System.out.println("pypm-ref: not found at " + refExe + " (build it with `make -C extracted`); no ratio");
            return 0;
        }
        RefThroughput reference = new RefThroughput(refExe, caseFile, requests.size());
        List<String> refAnswers = reference.answers();
        List<String> ours = answers(requests);
        if (!refAnswers.equals(ours)) {
            throw new UserError("graft core and pypm-ref disagree on " + caseFile + " (first at request "
                    + (firstDifference(refAnswers, ours) + 1) + "); run the conformance harness");
        }
        awaitQuietJvm();
        Throughput theirs = reference.measure(seconds);
        System.out.println("pypm-ref, piped, startup included: " + theirs.describe());
        System.out.printf("ratio graft/pypm-ref: %.2fx the throughput per CPU second (answers identical on all %d"
                + " requests); %.2fx counting all of graft's threads%n", graft.rate() / theirs.rate(), requests.size(),
                graft.processRate() / theirs.processRate());
        return 0;
    }

    private static List<String> readRequests(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !WireReader.isComment(line)).toList();
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
     * read line by line and decoded, each answer encoded and flushed to a stream that
     * drops it. The program cache of {@code core} survives from pass to pass.
     */
    private static void serveFile(CoreMode core, byte[] file) {
        CoreCommand.serve(core, new ByteArrayInputStream(file), OutputStream.nullOutputStream());
    }

    /**
     * Waits (at most {@value #QUIET_WAIT_SECONDS} s) until this JVM has used under
     * {@value #QUIET_CPU_SHARE} of a core for a second: checking the answers compiles fresh
     * programs in the background, and on a machine of two cores those compiler threads
     * slow pypm-ref's timing by as much as a fifth.
     */
    private static void awaitQuietJvm() throws InterruptedException {
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int waited = 0;
        while (waited < QUIET_WAIT_SECONDS) {
            long before = process.getProcessCpuTime();
            Thread.sleep(1000);
            waited++;
            if (process.getProcessCpuTime() - before < QUIET_CPU_SHARE * 1e9) {
                break;
            }
        }
        System.out.printf("  (waited %d s for graft's threads to go quiet before timing pypm-ref)%n", waited);
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    /**
     * Requests answered, with the wall-clock and the CPU seconds they took: of the thread
     * that answered, and of the whole process (for graft that adds the JVM's garbage
     * collector and compiler threads; pypm-ref is one thread). The ratio is taken on CPU
     * time, which other work on a shared machine disturbs far less.
     */
    record Throughput(long requests, double wallSeconds, double cpuSeconds, double processCpuSeconds) {
        double rate() {
            return requests / cpuSeconds;
        }

        double processRate() {
            return requests / processCpuSeconds;
        }

        String describe() {
            return String.format("%.0f requests per CPU second, %.1f us CPU per request (%.1f us CPU all threads,"
                    + " %.1f us wall)", rate(), cpuSeconds * 1e6 / requests, processCpuSeconds * 1e6 / requests,
                    wallSeconds * 1e6 / requests);
        }
    }

    /**
     * Runs one pass over the file again and again on a big stack: a warm-up, then a
     * measured stretch. The warm-up lasts {@code warmupSeconds} and then, second by
     * second, until the JVM's other threads (the compilers, on a loaded machine still busy
     * after the fixed part) are idle: a second in which the whole process used at most
     * {@value #IDLE_OTHERS} times the answering thread's CPU; at most as long again.
     */
    static Throughput repeat(Runnable pass, int requestsPerPass, double warmupSeconds, double measureSeconds)
            throws InterruptedException {
        Throughput[] result = new Throughput[1];
        Thread worker = new Thread(null, () -> {
            passesFor(pass, requestsPerPass, warmupSeconds);
            double more = 0;
            while (more < warmupSeconds) {
                Throughput second = passesFor(pass, requestsPerPass, 1);
                more += second.wallSeconds();
                if (second.processCpuSeconds() <= IDLE_OTHERS * second.cpuSeconds()) {
                    break;
                }
            }
            System.out.printf("  (warm-up %.0f s, %.0f s of it waiting for the compiler threads)%n", warmupSeconds + more,
                    more);
            result[0] = passesFor(pass, requestsPerPass, measureSeconds);
        }, "bench-core", CoreCommand.MATCH_STACK_BYTES);
        worker.start();
        worker.join();
        return result[0];
    }

    private static Throughput passesFor(Runnable pass, int requestsPerPass, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long processStart = process.getProcessCpuTime();
        long deadline = start + (long) (seconds * 1e9);
        long answered = 0;
        do {
            pass.run();
            answered += requestsPerPass;
        } while (System.nanoTime() < deadline);
        return new Throughput(answered, (System.nanoTime() - start) / 1e9,
                (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9, (process.getProcessCpuTime() - processStart) / 1e9);
    }

    /** graft's answers to the file, computed on a big stack like {@code graft core}'s. */
    private static List<String> answers(List<String> requests) throws InterruptedException {
        List<List<String>> result = new ArrayList<>();
        Thread worker = new Thread(null, () -> {
            CoreMode core = new CoreMode();
            result.add(requests.stream().map(core::answer).toList());
        }, "bench-core-answers", CoreCommand.MATCH_STACK_BYTES);
        worker.start();
        worker.join();
        return result.getFirst();
    }
}
