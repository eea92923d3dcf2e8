package dev.graft.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of {@link GraftMain#run} with what it printed: the launcher tests look at the exit
 * code and at stdout and stderr as a user of {@code ./graft} would see them.
 */
record GraftRun(int code, String out, String err) {

    /** Runs {@code graft args...} with stdout and stderr captured, restoring both afterwards. */
    static GraftRun graft(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = GraftMain.run(args);
            return new GraftRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
