package dev.graft.pypm.cli;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.pypm.TruffleRuntimeInfo;
import dev.graft.pypm.core.CoreMode;
import dev.graft.pypm.core.WireBuffer;
import dev.graft.pypm.core.WireWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
        Thread worker = new Thread(null, () -> serve(new CoreMode(), System.in, System.out), "graft-core",
                MATCH_STACK_BYTES);
        worker.start();
        worker.join();
        return 0;
    }

    /**
     * Answers every UTF-8 request line of {@code in} on {@code out}, one write and flush
     * per answer.
     */
    static void serve(CoreMode core, InputStream in, OutputStream out) {
        WireBuffer answer = new WireBuffer();
        RequestLines lines = new RequestLines(in);
        try {
            while (lines.next()) {
                answer.clear();
                boolean answered;
                try {
                    answered = core.answer(lines.chars(), lines.length(), answer);
                } catch (RuntimeException e) {
                    answer.clear();
                    answer.append("(error ").append(WireWriter.quote("internal error: " + e)).append(')');
                    answered = true;
                }
                if (answered) {
                    answer.append('\n');
                    answer.writeTo(out);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
