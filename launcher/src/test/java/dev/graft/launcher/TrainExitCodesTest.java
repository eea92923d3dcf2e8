package dev.graft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

    /** Runs {@code graft args...} on the small model {@link #SMALL} describes. */
    private static GraftRun graft(String... args) {
        String[] all = new String[args.length + SMALL.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SMALL, 0, all, args.length, SMALL.length);
        return GraftRun.graft(all);
    }

    private static void assertBadInput(GraftRun r, String fragment) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(fragment), r.err());
    }

    @Test
    void trainsAndReportsEachStep() {
        GraftRun r = graft("train", "synth:decoder", "--stages", "2", "--microbatches", "2", "--schedule", "zbh1");
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
