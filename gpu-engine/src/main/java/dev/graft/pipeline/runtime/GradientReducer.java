package dev.graft.pipeline.runtime;

import dev.graft.engine.tensor.Tensor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The all-reduce of data parallelism: every replica hands in its gradients (the same
 * names and shapes) and gets back their mean over the replicas. Each replica calls
 * it from its own worker thread; no call waits longer than its timeout.
 */
public interface GradientReducer extends AutoCloseable {

    Map<String, Tensor> allReduceMean(int replica, Map<String, Tensor> gradients, Duration timeout)
            throws TimeoutException, Transport.Aborted, InterruptedException;

    /** Fails every waiting and later call, so that replicas stop when one has failed. */
    void abort(Throwable cause);

    @Override
    void close();
}
