package dev.graft.pypm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.pypm.core.CoreMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code graft bench core}'s options, errors and report at toy sizes; its figures are
 * not checked here. A shell script stands in for pypm-ref, so the test does not need it built.
 */
class BenchCoreCommandTest {
    private static final List<String> REQUESTS = List.of(
            "(match () (var x) (a ()) 0)",
            "(match () (op f (var x)) (f () (b ())) 0)",
            "(match ((def Nat () (alt (op z) (op s (call Nat))))) (call Nat) (s () (s () (z ()))) 10)");

    @TempDir
    Path dir;

    private static String output(String... args) throws Exception {
        BenchCoreCommand bench = new BenchCoreCommand();
        new CommandLine(bench).parseArgs(args);
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, bench.call());
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String error(String... args) {
        BenchCoreCommand bench = new BenchCoreCommand();
        new CommandLine(bench).parseArgs(args);
        String message = assertThrows(UserError.class, bench::call).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    private Path cases(List<String> lines) throws IOException {
        return Files.write(dir.resolve("cases.txt"), lines);
    }

    /** A stand-in for pypm-ref: spends some CPU on every line read, then prints {@code answers}. */
    private Path fakeRef(List<String> answers) throws IOException {
        Path answerFile = Files.write(dir.resolve("answers.txt"), answers);
        String script = "#!/bin/sh\n"
                + "while IFS= read -r line; do i=0; while [ $i -lt 300 ]; do i=$((i+1)); done; done\n"
                + "cat '" + answerFile + "'\n";
        Path ref = Files.writeString(dir.resolve("fake-ref"), script);
        Files.setPosixFilePermissions(ref, PosixFilePermissions.fromString("rwx------"));
        return ref;
    }

    @Test
    void roundsAlternateAndTheSummaryGivesMediansRangesAndBothRatios() throws Exception {
        CoreMode core = new CoreMode();
        Path ref = fakeRef(REQUESTS.stream().map(core::answer).toList());
        String out = output("--cases", cases(REQUESTS).toString(), "--ref", ref.toString(), "--rounds", "3",
                "--seconds", "0.1", "--warmup", "0");
        List<String> rounds = out.lines().filter(l -> l.startsWith("round ")).toList();
        assertEquals(List.of("round 1 of 3", "round 2 of 3", "round 3 of 3"),
                rounds.stream().map(l -> l.substring(0, l.indexOf(':'))).toList(), out);
        for (String round : rounds) {
            assertTrue(round.matches("round \\d of 3: graft [0-9.]+ us CPU/request .*; pypm-ref [0-9.]+ us CPU/request"
                    + " .*; ratio [0-9.]+x \\([0-9.]+x all threads\\)"), round);
        }
        String summary = out.lines().filter(l -> l.startsWith("ratio graft/pypm-ref")).collect(Collectors.joining());
        assertTrue(summary.matches(".*answers identical on all 3 requests.*median \\(min-max\\) over the rounds"
                + " [0-9.]+x \\([0-9.]+x-[0-9.]+x\\), ratio of the medians [0-9.]+x, of the fastest slices [0-9.]+x.*"), out);
        assertTrue(out.contains("pypm-ref, piped, startup included, median (min-max) over the slices: "), out);
        assertTrue(out.contains("graft matching alone"), out);
    }

    @Test
    void answersThatDifferFromTheReferenceStopTheBench() throws Exception {
        Path ref = fakeRef(List.of("(ok ())", "(ok ())", "(ok ())"));
        assertEquals("graft core and pypm-ref disagree on " + dir.resolve("cases.txt")
                + " (first at request 1); run the conformance harness",
                error("--cases", cases(REQUESTS).toString(), "--ref", ref.toString(), "--seconds", "0.1"));
    }

    @Test
    void badOptionsAreOneLineErrorsNamingTheOption() throws IOException {
        String file = cases(REQUESTS).toString();
        assertEquals("--rounds 0: must be at least 1", error("--cases", file, "--rounds", "0"));
        assertEquals("--seconds -1.0: must be a number of seconds above 0", error("--cases", file, "--seconds", "-1"));
        assertEquals("--seconds 0.0: must be a number of seconds above 0", error("--cases", file, "--seconds", "0"));
        assertEquals("--warmup -2.0: must be a number of seconds, 0 or more", error("--cases", file, "--warmup", "-2"));
        Path missingRef = dir.resolve("no-ref");
        assertEquals("--ref " + missingRef + ": no executable file there",
                error("--cases", file, "--ref", missingRef.toString()));
    }

    @Test
    void aMissingOrEmptyCaseFileIsNamed() throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertEquals("the case file " + missing + " does not exist (--cases)", error("--cases", missing.toString()));
        Path comments = cases(List.of("; only a comment", ""));
        assertEquals("the case file " + comments + " holds no request lines", error("--cases", comments.toString()));
    }
}
