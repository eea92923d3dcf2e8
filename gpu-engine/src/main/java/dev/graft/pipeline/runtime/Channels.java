package dev.graft.pipeline.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Messages between workers of one process, by reference: each message has a slot of
 * its own, so sends never block; a receive waits for its slot with a timeout. The
 * CPU workers' transport, and where device transports put what has arrived.
 */
public final class Channels implements Transport {

    private final Map<Message, CompletableFuture<Object>> slots = new HashMap<>();
    private Throwable abortCause;

    @Override
    public void send(Message m, Object value) {
        if (!slot(m).complete(value) && abortCause == null) {
            throw new IllegalStateException("message " + m + " sent twice");
        }
    }

    @Override
    public Object receive(Message m, Duration timeout) throws TimeoutException, Aborted, InterruptedException {
        try {
            Object value = slot(m).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            remove(m);
            return value;
        } catch (ExecutionException e) {
            throw new Aborted(e.getCause());
        }
    }

    @Override
    public synchronized void abort(Throwable cause) {
        if (abortCause == null) {
            abortCause = cause;
            slots.values().forEach(f -> f.completeExceptionally(cause));
        }
    }

    /** Whether {@link #abort} was called. */
    public synchronized boolean aborted() {
        return abortCause != null;
    }

    @Override
    public void close() {
    }

    private synchronized CompletableFuture<Object> slot(Message m) {
        CompletableFuture<Object> f = slots.computeIfAbsent(m, k -> new CompletableFuture<>());
        if (abortCause != null) {
            f.completeExceptionally(abortCause);
        }
        return f;
    }

    private synchronized void remove(Message m) {
        slots.remove(m);
    }
}
