package dev.graft.conformance.run;

import java.time.Duration;

/**
 * One live instance of an implementation of the core matcher that answers
 * request lines in order. Requests are queued without waiting, so many may be in
 * flight; answers are taken one at a time in the same order.
 */
public interface Engine extends AutoCloseable {

    /** Queues one request line (never blank, never a comment); does not block on the engine. */
    void send(String request);

    /**
     * The answer to the oldest request not yet answered.
     *
     * @throws EngineFault when the engine died, or gave no answer within {@code timeout}
     */
    String receive(Duration timeout) throws EngineFault;

    /** Stops the engine; an engine that hangs is abandoned, never waited for. */
    @Override
    void close();
}
