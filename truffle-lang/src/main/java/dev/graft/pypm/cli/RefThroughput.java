package dev.graft.pypm.cli;

import dev.graft.engine.cli.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * pypm-ref's side of {@code graft bench core}: slices of about a given length, each the
 * case file (repeated) piped through a fresh process; the time includes its startup,
 * which a slice of a second or more makes negligible. Its CPU time (user + system) comes
 * from bash's {@code time}, since Java cannot read a finished child's resource usage.
 */
final class RefThroughput implements AutoCloseable {
    private final Path exe;
    private final Path cases;
    private final long requestsPerSlice;
    /** The case file as many times over as one slice pipes through. */
    private final Path slice;

    private RefThroughput(Path exe, Path cases, long requestsPerSlice, Path slice) {
        this.exe = exe;
        this.cases = cases;
        this.requestsPerSlice = requestsPerSlice;
        this.slice = slice;
    }

    /**
     * Times one pass over the case file and writes the input of a slice: the file
     * repeated to last about {@code sliceSeconds}.
     */
    static RefThroughput open(Path exe, Path cases, int requestsPerPass, double sliceSeconds)
            throws IOException, InterruptedException {
        double onePass = timed(exe, cases).wallSeconds();
        int passes = (int) Math.max(1, Math.min(10_000, Math.ceil(sliceSeconds / onePass)));
        Path slice = Files.createTempFile("graft-bench-ref", ".in");
        byte[] text = Files.readAllBytes(cases);
        try (OutputStream out = Files.newOutputStream(slice)) {
            for (int i = 0; i < passes; i++) {
                out.write(text);
            }
        }
        return new RefThroughput(exe, cases, (long) passes * requestsPerPass, slice);
    }

    /** One pass's answers, to check that both sides agree. */
    List<String> answers() throws IOException, InterruptedException {
        Path out = Files.createTempFile("graft-bench-ref", ".out");
        try {
            run(exe, new ProcessBuilder(exe.toString()).redirectInput(cases.toFile()),
                    ProcessBuilder.Redirect.to(out.toFile()), cases);
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            Files.delete(out);
        }
    }

    /** One slice, timed. */
    Throughput measure() throws IOException, InterruptedException {
        Throughput one = timed(exe, slice);
        if (one.cpuSeconds() == 0) {
            throw new UserError(exe + " used no measurable CPU time on " + requestsPerSlice
                    + " requests; give it longer slices (--seconds)");
        }
        return new Throughput(requestsPerSlice, one.wallSeconds(), one.cpuSeconds(), one.cpuSeconds());
    }

    @Override
    public void close() throws IOException {
        Files.delete(slice);
    }

    /** Runs pypm-ref on a file, answers discarded; the request count is left 0. */
    private static Throughput timed(Path exe, Path input) throws IOException, InterruptedException {
        Path times = Files.createTempFile("graft-bench-ref", ".time");
        try {
            long start = System.nanoTime();
            run(exe, new ProcessBuilder("bash", "-c",
                    "TIMEFORMAT='%3U %3S'; { time \"$0\" < \"$1\" > /dev/null; } 2> \"$2\"",
                    exe.toString(), input.toString(), times.toString()), ProcessBuilder.Redirect.DISCARD, input);
            double wall = (System.nanoTime() - start) / 1e9;
            String[] userSystem = Files.readString(times).trim().split("\\s+");
            double cpu = Double.parseDouble(userSystem[userSystem.length - 2])
                    + Double.parseDouble(userSystem[userSystem.length - 1]);
            return new Throughput(0, wall, cpu, cpu);
        } finally {
            Files.delete(times);
        }
    }

    private static void run(Path exe, ProcessBuilder builder, ProcessBuilder.Redirect output, Path input)
            throws IOException, InterruptedException {
        int status = builder.redirectOutput(output).redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        if (status != 0) {
            throw new UserError(exe + " exited with status " + status + " on " + input);
        }
    }
}
