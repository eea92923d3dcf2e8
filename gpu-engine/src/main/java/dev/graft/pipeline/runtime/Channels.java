package dev.graft.pipeline.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Point-to-point messages between workers. Sends never block (each message has a
 * slot of its own); a receive waits for its slot with a timeout. Aborting fails
 * every pending and future receive at once, so one worker's failure stops the
 * others instead of leaving them waiting.
 */
final class Channels {

    /** Thrown by a receive after the step was aborted because another worker failed. */
    static final class Aborted extends Exception {
        Aborted(Throwable cause) {
            super(cause);
        }
    }

    private final Map<Message, CompletableFuture<Object>> slots = new HashMap<>();
    private Throwable abortCause;

    void send(Message m, Object value) {
        if (!slot(m).complete(value) && abortCause == null) {
            throw new IllegalStateException("message " + m + " sent twice");
        }
    }

    Object receive(Message m, Duration timeout) throws TimeoutException, Aborted, InterruptedException {
        try {
            Object value = slot(m).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            remove(m);
            return value;
        } catch (ExecutionException e) {
            throw new Aborted(e.getCause());
        }
    }

    synchronized void abort(Throwable cause) {
        if (abortCause == null) {
            abortCause = cause;
            slots.values().forEach(f -> f.completeExceptionally(cause));
        }
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
