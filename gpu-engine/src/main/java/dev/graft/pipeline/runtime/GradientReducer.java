package dev.graft.pipeline.runtime;

import dev.graft.engine.train.StageValues;
import java.time.Duration;
import java.util.SortedSet;
import java.util.concurrent.TimeoutException;

/**
 * The all-reduce of data parallelism: every replica hands in its gradient sums (the
 * same names and shapes) where its runner keeps them, and each is replaced there by
 * its mean over the replicas, so that on a GPU the gradients never leave the device.
 * Each replica calls it from its own worker thread; no call waits longer than its
 * timeout.
 */
public interface GradientReducer extends AutoCloseable {

    /** Replaces each value of {@code names} in {@code values} by its mean over the replicas. */
    void allReduceMean(int replica, StageValues values, SortedSet<String> names, Duration timeout)
            throws TimeoutException, Transport.Aborted, InterruptedException;

    /** Fails every waiting and later call, so that replicas stop when one has failed. */
    void abort(Throwable cause);

    @Override
    void close();
}
