package dev.graft.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Continuous batching as pure logic: which tokens of which requests go into the next
 * forward pass. Requests wait in arrival order until enough pages are free for their whole
 * lifetime (prompt plus new tokens), so an admitted request never runs out of cache and
 * no request is ever preempted; the head of the queue is never overtaken, so a large
 * request is not starved by small ones. Each step takes one decode token from every
 * running request that has finished its prompt, then fills the rest of the token budget
 * with prompt chunks, oldest request first. A request that finishes or is cancelled
 * gives its pages back at once.
 *
 * <p>Not thread-safe: one serving loop calls {@link #next} and {@link #complete} in turn.
 */
public final class Scheduler {
    private final PageAllocator pages;
    private final SchedulerConfig config;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final Map<Integer, Sequence> running = new LinkedHashMap<>();

    public Scheduler(PageAllocator pages, SchedulerConfig config) {
        this.pages = pages;
        this.config = config;
    }

    /**
     * Queues a request.
     *
     * @throws RequestRefusedException when it could not fit even in an empty cache, or its id is in use
     */
    public void submit(GenerationRequest request) {
        if (!pages.fitsInCache(request.maxKvTokens())) {
            throw new RequestRefusedException("request " + request.id() + ": " + request.prompt().length
                    + " prompt + " + request.maxNewTokens() + " new tokens need " + pages.pagesFor(request.maxKvTokens())
                    + " pages of " + pages.pageSize() + " tokens, the whole cache has " + pages.numPages());
        }
        if (running.containsKey(request.id()) || waiting.stream().anyMatch(s -> s.request.id() == request.id())) {
            throw new RequestRefusedException("request " + request.id() + ": that id is already queued or running");
        }
        waiting.add(new Sequence(request));
    }

    /** Drops a waiting or running request and frees its pages; empty when it is not here. */
    public Optional<Completion> cancel(int request) {
        Sequence s = running.remove(request);
        if (s != null) {
            pages.release(request);
        } else {
            Iterator<Sequence> it = waiting.iterator();
            while (s == null && it.hasNext()) {
                Sequence w = it.next();
                if (w.request.id() == request) {
                    it.remove();
                    s = w;
                }
            }
        }
        return Optional.ofNullable(s).map(q -> new Completion(request, q.generatedTokens(), true));
    }

    /** The next step, or empty when no request is waiting or running. */
    public Optional<Step> next() {
        admit();
        List<Chunk> chunks = new ArrayList<>();
        int budget = config.tokenBudget();
        for (Sequence s : running.values()) {
            if (budget > 0 && s.inDecode()) {
                chunks.add(s.chunk(1, pages.pages(s.request.id())));
                budget--;
            }
        }
        for (Sequence s : running.values()) {
            if (budget > 0 && !s.inDecode()) {
                Chunk c = s.chunk(Math.min(budget, s.promptLeft()), pages.pages(s.request.id()));
                chunks.add(c);
                budget -= c.tokens().length;
            }
        }
        return chunks.isEmpty() ? Optional.empty() : Optional.of(new Step(chunks));
    }

    /**
     * Records a step's results: {@code sampled[i]} is the token of the i-th sampling chunk.
     * Chunks of requests cancelled since the step was made are skipped.
     *
     * @return the requests that finished with this step; their pages are free again
     */
    public List<Completion> complete(Step step, int[] sampled) {
        if (sampled.length != step.samplingChunks()) {
            throw new IllegalArgumentException("step has " + step.samplingChunks() + " sampling chunks, got "
                    + sampled.length + " tokens");
        }
        List<Completion> done = new ArrayList<>();
        int next = 0;
        for (Chunk c : step.chunks()) {
            Sequence s = running.get(c.request());
            int token = c.samples() ? sampled[next++] : -1;
            if (s == null) {
                continue;
            }
            s.computed = c.kvLength();
            if (c.samples()) {
                s.generated.add(token);
                if (s.generated.size() == s.request.maxNewTokens()) {
                    running.remove(c.request());
                    pages.release(c.request());
                    done.add(new Completion(c.request(), s.generatedTokens(), false));
                }
            }
        }
        return done;
    }

    public int waitingCount() {
        return waiting.size();
    }

    public int runningCount() {
        return running.size();
    }

    public boolean isIdle() {
        return waiting.isEmpty() && running.isEmpty();
    }

    private void admit() {
        while (!waiting.isEmpty() && running.size() < config.maxRunning()) {
            Sequence head = waiting.peek();
            int id = head.request.id();
            if (!pages.canHold(id, head.request.maxKvTokens())) {
                return;
            }
            pages.ensureCapacity(id, head.request.maxKvTokens());
            running.put(id, waiting.poll());
        }
    }

    /** A request's progress: how many of its tokens have keys and values in the cache. */
    private static final class Sequence {
        final GenerationRequest request;
        final List<Integer> generated = new ArrayList<>();
        int computed;

        Sequence(GenerationRequest request) {
            this.request = request;
        }

        boolean inDecode() {
            return computed >= request.prompt().length;
        }

        int promptLeft() {
            return request.prompt().length - computed;
        }

        /** The next {@code n} tokens to feed: prompt tokens, or the last generated token. */
        Chunk chunk(int n, int[] pages) {
            int[] tokens = inDecode() ? new int[] {generated.getLast()}
                    : Arrays.copyOfRange(request.prompt(), computed, computed + n);
            boolean samples = computed + tokens.length >= request.prompt().length;
            return new Chunk(request.id(), tokens, computed, samples, pages);
        }

        int[] generatedTokens() {
            return generated.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
