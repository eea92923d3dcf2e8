package dev.graft.conformance.run;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The wait both engines do in {@link Engine#receive}: for the next item their
 * worker threads put in a queue, at most {@code timeout}, turning a timeout or an
 * interrupt into an {@link EngineFault}.
 */
final class AnswerQueue {
    private AnswerQueue() {
    }

    static <T> T next(BlockingQueue<T> queue, Duration timeout) throws EngineFault {
        T item;
        try {
            item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineFault("interrupted");
        }
        if (item == null) {
            throw new EngineFault("no answer within " + timeout.toMillis() + " ms");
        }
        return item;
    }
}
