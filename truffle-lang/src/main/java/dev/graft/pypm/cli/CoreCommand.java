package dev.graft.pypm.cli;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.pypm.TruffleRuntimeInfo;
import dev.graft.pypm.core.CoreMode;
import dev.graft.pypm.core.WireWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code graft core}: CORE-SPEC section 8 requests on stdin, answers on stdout, line for
 * line, flushed after each, as pypm-ref does. No input makes it stop early: a request
 * that breaks even the interpreter gets an error answer and the next line is read.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Answer core-calculus match requests (CORE-SPEC section 8) from stdin, one per line.")
public final class CoreCommand implements GraftCommand, Callable<Integer> {
    /** Deep terms and deep recursion with large fuel need more stack than a default thread has. */
    static final long MATCH_STACK_BYTES = 1L << 30;

    @Override
    public Integer call() throws InterruptedException {
        System.err.println("graft core: " + TruffleRuntimeInfo.describe());
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread worker = new Thread(null, () -> serve(in, out), "graft-core", MATCH_STACK_BYTES);
        worker.start();
        worker.join();
        return 0;
    }

    /** Answers every request line of {@code in} on {@code out}, flushing after each answer. */
    static void serve(BufferedReader in, PrintStream out) {
        CoreMode core = new CoreMode();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String answer;
                try {
                    answer = core.answer(line);
                } catch (RuntimeException e) {
                    answer = "(error " + WireWriter.quote("internal error: " + e) + ")";
                }
                if (answer != null) {
                    out.println(answer);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
