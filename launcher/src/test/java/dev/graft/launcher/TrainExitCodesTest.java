package dev.graft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft train} through the launcher: exit 0 with a loss per step, and exit
 * 2 with one line naming what is wrong for a bad schedule file, more stages than
 * layers and a microbatch count that does not divide the batch.
 */
class TrainExitCodesTest {
    private static final String[] SMALL = {"--layers", "2", "--width", "8", "--heads", "2", "--seq", "4",
        "--vocab", "11", "--batch", "4", "--steps", "1"};

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result graft(String... args) {
        String[] all = new String[args.length + SMALL.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SMALL, 0, all, args.length, SMALL.length);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = GraftMain.run(all);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void assertBadInput(Result r, String fragment) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(fragment), r.err());
    }

    @Test
    void trainsAndReportsEachStep() {
        Result r = graft("train", "synth:decoder", "--stages", "2", "--microbatches", "2", "--schedule", "zbh1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("step 1  loss "), r.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        assertBadInput(graft("train", "synth:decoder", "--stages", "4"), "more stages than layers");
        assertBadInput(graft("train", "synth:decoder", "--stages", "2", "--microbatches", "3"),
                "3 does not divide 4");
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"stages\": 2, \"microbatches\": 1, \"devices\": [[\"F(0,0)\"], [\"F(1,0)\", \"B(1,0)\"]]}");
        assertBadInput(graft("train", "synth:decoder", "--schedule", file.toString()), "misses 1 task: B(0,0)");
    }
}
