package dev.graft.pipeline.runtime;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.GradMath;
import dev.graft.engine.train.StageValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * The all-reduce among replicas that are threads of this process: each hands in its
 * gradients (brought to the host) and waits for the others; the last to arrive sums them in replica order
 * (so the result does not depend on who came last) and divides by the replica count.
 * Once aborted, every waiting and later call fails at once.
 */
public final class HostReducer implements GradientReducer {
    private final int count;
    private final List<Map<String, Tensor>> handedIn;
    private int arrived;
    private long round;
    private Map<String, Tensor> mean;
    private Throwable abortCause;

    public HostReducer(int count) {
        this.count = count;
        this.handedIn = new ArrayList<>(Collections.nCopies(count, null));
    }

    @Override
    public void allReduceMean(int replica, StageValues values, SortedSet<String> names, Duration timeout)
            throws TimeoutException, Transport.Aborted, InterruptedException {
        Map<String, Tensor> mine = new TreeMap<>();
        names.forEach(name -> mine.put(name, values.get(name)));
        mean(replica, mine, timeout).forEach(values::put);
    }

    private synchronized Map<String, Tensor> mean(int replica, Map<String, Tensor> gradients, Duration timeout)
            throws TimeoutException, Transport.Aborted, InterruptedException {
        if (abortCause != null) {
            throw new Transport.Aborted(abortCause);
        }
        handedIn.set(replica, gradients);
        long myRound = round;
        if (++arrived == count) {
            try {
                mean = reduce();
            } catch (RuntimeException e) {
                abort(e);
                throw e;
            }
            arrived = 0;
            round++;
            notifyAll();
            return mean;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (round == myRound && abortCause == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("the other replicas");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (abortCause != null) {
            throw new Transport.Aborted(abortCause);
        }
        return mean;
    }

    private Map<String, Tensor> reduce() {
        Map<String, Tensor> sum = new TreeMap<>();
        for (int r = 0; r < count; r++) {
            Map<String, Tensor> g = handedIn.get(r);
            if (r > 0 && !g.keySet().equals(sum.keySet())) {
                throw new PipelineFailure("replica " + r + " has gradients of " + new TreeMap<>(g).keySet()
                        + " but replica 0 of " + sum.keySet(), null);
            }
            g.forEach((name, t) -> sum.merge(name, t, GradMath::add));
        }
        sum.replaceAll((name, t) -> GradMath.scale(t, 1f / count));
        return sum;
    }

    @Override
    public synchronized void abort(Throwable cause) {
        if (abortCause == null) {
            abortCause = cause;
        }
        notifyAll();
    }

    @Override
    public void close() {
    }
}
