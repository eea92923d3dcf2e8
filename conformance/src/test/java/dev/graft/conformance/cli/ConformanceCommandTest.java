package dev.graft.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad usage is one line naming what and where, found before anything is started. */
class ConformanceCommandTest {
    @TempDir
    Path dir;

    private static ConformanceCommand parsed(String... args) {
        ConformanceCommand command = new ConformanceCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void expectNeedsItsCasesFile() {
        UserError e = assertThrows(UserError.class, () -> parsed("--expect", "a.answers").expectedCases());
        assertEquals("--expect a.answers needs the CASES file it answers", e.getMessage());
    }

    @Test
    void aCasesFileWithoutExpectIsRefused() {
        UserError e = assertThrows(UserError.class, () -> parsed("cases.txt").checkRandomOptions());
        assertTrue(e.getMessage().contains("only read with --expect"), e.getMessage());
    }

    @Test
    void anUnreadableFileIsNamed() {
        Path missing = dir.resolve("missing.cases");
        UserError e = assertThrows(UserError.class,
                () -> parsed("--expect", "x.answers", missing.toString()).expectedCases());
        assertEquals("cannot read " + missing, e.getMessage());
    }

    @Test
    void casesAndAnswersMustPairUp() throws Exception {
        Path cases = Files.writeString(dir.resolve("c.cases"), "; two requests\n(match () _ (a ()) 0)\n(match () _ (b ()) 0)\n");
        Path answers = Files.writeString(dir.resolve("c.answers"), "(ok (()))\n");
        UserError e = assertThrows(UserError.class,
                () -> parsed("--expect", answers.toString(), cases.toString()).expectedCases());
        assertEquals(cases + " has 2 requests but " + answers + " has 1 answers", e.getMessage());
    }

    @Test
    void sizesMustMakeSense() {
        assertThrows(UserError.class, () -> parsed("--size", "0").checkRandomOptions());
        assertThrows(UserError.class, () -> parsed("--cases", "-1").checkRandomOptions());
    }
}
