package dev.graft.conformance.run;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An implementation that runs in this JVM (the Truffle core mode), on a worker
 * thread of its own so that a hang can be timed out and a crash (any exception or
 * error, stack overflow included) reported rather than taking the harness down.
 * A Java thread cannot be stopped: a hung worker is interrupted and abandoned (it
 * is a daemon thread) and a fresh instance takes over.
 */
public final class InProcessEngine implements Engine {
    /** Deep recursion (unguarded definitions with much fuel) needs more than a default stack. */
    private static final long WORKER_STACK_BYTES = 256L << 20;

    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Thread worker;

    public InProcessEngine(String name, LineAnswerer answerer) {
        worker = new Thread(null, () -> serve(answerer), name, WORKER_STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void send(String request) {
        requests.add(request);
    }

    @Override
    public String receive(Duration timeout) throws EngineFault {
        Outcome outcome = AnswerQueue.next(outcomes, timeout);
        if (outcome.isFault()) {
            throw new EngineFault(outcome.fault());
        }
        return outcome.answer();
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    private void serve(LineAnswerer answerer) {
        try {
            while (true) {
                String request = requests.take();
                Outcome outcome;
                try {
                    String answer = answerer.answer(request);
                    outcome = answer == null ? Outcome.faulted("no answer to a request line") : Outcome.answered(answer);
                } catch (StackOverflowError e) {
                    outcome = Outcome.faulted("stack overflow");
                } catch (RuntimeException | Error e) {
                    outcome = Outcome.faulted("threw " + e);
                }
                outcomes.add(outcome);
                if (outcome.isFault()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
