package dev.graft.conformance.run;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An implementation run as a child process speaking the line protocol on stdin
 * and stdout (pypm-ref). One thread writes requests and another reads answers, so
 * neither pipe can fill up and block the caller, even when the process hangs.
 */
public final class ProcessEngine implements Engine {
    /** Markers put in the answer queue, told apart from answers by identity (hence new String). */
    private static final String END = new String("end of output");
    private static final String WRITE_FAILED = new String("write failed");
    private static final int STDERR_TAIL = 2000;

    private final Process process;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();

    public ProcessEngine(List<String> command) {
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        daemon("requests to " + command.get(0), this::writeRequests);
        daemon("answers from " + command.get(0), this::readAnswers);
        daemon("stderr of " + command.get(0), this::readStderr);
    }

    @Override
    public void send(String request) {
        requests.add(request);
    }

    @Override
    public String receive(Duration timeout) throws EngineFault {
        String answer = AnswerQueue.next(answers, timeout);
        if (answer == END || answer == WRITE_FAILED) {
            throw new EngineFault(deathNotice());
        }
        return answer;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private String deathNotice() {
        String exit;
        try {
            exit = process.waitFor(2, TimeUnit.SECONDS) ? "exit status " + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "unknown status";
        }
        String stderr;
        synchronized (stderrTail) {
            stderr = stderrTail.toString().strip().replace('\n', ' ');
        }
        return "process ended (" + exit + ")" + (stderr.isEmpty() ? "" : ": " + stderr);
    }

    private void writeRequests() {
        try (BufferedWriter out = new BufferedWriter(
                new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
            while (true) {
                String request = requests.take();
                out.write(request);
                out.write('\n');
                if (requests.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            answers.add(WRITE_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answers.add(line);
            }
        } catch (IOException e) {
            // the process was killed; END below says so
        }
        answers.add(END);
    }

    private void readStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buffer = new byte[4096];
            for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException e) {
            // nothing more to keep
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
