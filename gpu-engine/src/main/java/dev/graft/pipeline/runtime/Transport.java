package dev.graft.pipeline.runtime;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * How the messages of one step move between workers: a send never blocks the
 * sender's task list; a receive waits with a timeout. Aborting fails every pending
 * and future receive at once (and tears down whatever carries the messages), so one
 * worker's failure stops the others instead of leaving them waiting.
 */
public interface Transport extends AutoCloseable {

    /** Thrown by a receive after the step was aborted because another worker failed. */
    final class Aborted extends Exception {
        public Aborted(Throwable cause) {
            super(cause);
        }
    }

    /** Called on the sending device's worker thread. */
    void send(Message m, Object value);

    /** Called on the receiving device's worker thread. */
    Object receive(Message m, Duration timeout) throws TimeoutException, Aborted, InterruptedException;

    void abort(Throwable cause);

    /** Ends the step: releases what the messages used. */
    @Override
    void close();
}
