package dev.graft.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The in-process serving loop: requests come in at any time, the {@link Scheduler} batches
 * them continuously, the {@link StepRunner} runs each step, and every token is stamped
 * with the engine's clock. A request refused at the door (ids outside the vocabulary, more
 * positions than the model has, too large for the cache) is recorded with its reason; the others go on.
 *
 * <p>Single-threaded: submit, cancel and step are called from one loop.
 */
public final class ServingEngine {
    private final Scheduler scheduler;
    private final StepRunner runner;
    private final int vocab;
    private final int maxPositions;
    private final LongSupplier clock;
    private final Map<Integer, RequestTrace> traces = new LinkedHashMap<>();
    private int steps;

    /** {@code maxPositions}: how many positions the model has ({@link Integer#MAX_VALUE} when unbounded). */
    public ServingEngine(Scheduler scheduler, StepRunner runner, int vocab, int maxPositions, LongSupplier clock) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.vocab = vocab;
        this.maxPositions = maxPositions;
        this.clock = clock;
    }

    /** Accepts a request arriving now, or records why not; returns its trace either way. */
    public RequestTrace submit(GenerationRequest request) {
        return submit(request, clock.getAsLong());
    }

    /** Accepts a request that arrived at {@code arrival} (engine clock), or records why not. */
    public RequestTrace submit(GenerationRequest request, long arrival) {
        RequestTrace trace = new RequestTrace(request, arrival);
        if (traces.putIfAbsent(request.id(), trace) != null) {
            throw new RequestRefusedException("request " + request.id() + ": that id was already submitted");
        }
        try {
            request.checkVocabulary(vocab);
            request.checkPositions(maxPositions);
            runner.admit(request);
            scheduler.submit(request);
        } catch (RequestRefusedException e) {
            trace.fail(e.getMessage());
        }
        return trace;
    }

    /** Cancels a waiting or running request; its pages are free when this returns. */
    public boolean cancel(int request) {
        Optional<Completion> c = scheduler.cancel(request);
        c.ifPresent(x -> {
            traces.get(request).cancel();
            runner.forget(request);
        });
        return c.isPresent();
    }

    /** Runs one step; false when there was nothing to run. */
    public boolean step() {
        Optional<Step> next = scheduler.next();
        if (next.isEmpty()) {
            return false;
        }
        Step step = next.get();
        int[] sampled = runner.run(step);
        long now = clock.getAsLong();
        int i = 0;
        for (Chunk c : step.chunks()) {
            if (c.samples()) {
                traces.get(c.request()).token(sampled[i++], now);
            }
        }
        for (Completion done : scheduler.complete(step, sampled)) {
            runner.forget(done.request());
        }
        steps++;
        return true;
    }

    /** Steps until no request is waiting or running. */
    public void runUntilIdle() {
        while (step()) {
            // each step records its own tokens
        }
    }

    public boolean isIdle() {
        return scheduler.isIdle();
    }

    public int steps() {
        return steps;
    }

    public String describe() {
        return runner.describe();
    }

    /** Every submitted request's trace, in submission order. */
    public Map<Integer, RequestTrace> traces() {
        return traces;
    }
}
