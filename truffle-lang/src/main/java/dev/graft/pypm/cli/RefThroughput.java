package dev.graft.pypm.cli;

import dev.graft.engine.cli.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * pypm-ref's side of {@code graft bench core}: the case file piped through the process,
 * repeated until the run lasts about as long as asked; the time includes its startup,
 * which a long enough run makes negligible. Its CPU time (user + system) comes from
 * bash's {@code time}, since Java cannot read a finished child's resource usage.
 */
final class RefThroughput {
    private final Path exe;
    private final Path cases;
    private final int requestsPerPass;

    RefThroughput(Path exe, Path cases, int requestsPerPass) {
        this.exe = exe;
        this.cases = cases;
        this.requestsPerPass = requestsPerPass;
    }

    /** One pass's answers, to check that both sides agree. */
    List<String> answers() throws IOException, InterruptedException {
        Path out = Files.createTempFile("graft-bench-ref", ".out");
        try {
            run(cases, ProcessBuilder.Redirect.to(out.toFile()));
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            Files.delete(out);
        }
    }

    BenchCoreCommand.Throughput measure(double seconds) throws IOException, InterruptedException {
        double onePass = timed(cases).wallSeconds();
        int passes = (int) Math.max(1, Math.min(10_000, Math.ceil(seconds / onePass)));
        Path repeated = Files.createTempFile("graft-bench-ref", ".in");
        try {
            byte[] text = Files.readAllBytes(cases);
            try (OutputStream out = Files.newOutputStream(repeated)) {
                for (int i = 0; i < passes; i++) {
                    out.write(text);
                }
            }
            BenchCoreCommand.Throughput one = timed(repeated);
            return new BenchCoreCommand.Throughput((long) passes * requestsPerPass, one.wallSeconds(), one.cpuSeconds(),
                    one.cpuSeconds());
        } finally {
            Files.delete(repeated);
        }
    }

    /** Runs pypm-ref on a file, answers discarded; the request count is left 0. */
    private BenchCoreCommand.Throughput timed(Path input) throws IOException, InterruptedException {
        Path times = Files.createTempFile("graft-bench-ref", ".time");
        try {
            long start = System.nanoTime();
            run(new ProcessBuilder("bash", "-c", "TIMEFORMAT='%3U %3S'; { time \"$0\" < \"$1\" > /dev/null; } 2> \"$2\"",
                    exe.toString(), input.toString(), times.toString()), ProcessBuilder.Redirect.DISCARD, input);
            double wall = (System.nanoTime() - start) / 1e9;
            String[] userSystem = Files.readString(times).trim().split("\\s+");
            double cpu = Double.parseDouble(userSystem[userSystem.length - 2])
                    + Double.parseDouble(userSystem[userSystem.length - 1]);
            return new BenchCoreCommand.Throughput(0, wall, cpu, cpu);
        } finally {
            Files.delete(times);
        }
    }

    private void run(Path input, ProcessBuilder.Redirect output) throws IOException, InterruptedException {
        run(new ProcessBuilder(exe.toString()).redirectInput(input.toFile()), output, input);
    }

    private void run(ProcessBuilder builder, ProcessBuilder.Redirect output, Path input)
            throws IOException, InterruptedException {
        int status = builder.redirectOutput(output).redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        if (status != 0) {
            throw new UserError(exe + " exited with status " + status + " on " + input);
        }
    }
}
