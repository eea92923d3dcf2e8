package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SchedulerProperties {

    /** A request arriving before step {@code arrival}, cancelled before step {@code cancelAt} (-1: never). */
    record Arrival(int arrival, int promptLength, int maxNew, int cancelAt) {
    }

    @Provide
    Arbitrary<List<Arrival>> traces() {
        Arbitrary<Arrival> a = Combinators.combine(Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(1, 50), Arbitraries.integers().between(1, 20),
                Arbitraries.integers().between(-1, 60).map(c -> c % 4 == 0 ? c : -1)).as(Arrival::new);
        return a.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 300)
    void everyRequestEndsCorrectlyAndNoPageIsCorrupted(@ForAll("traces") List<Arrival> trace,
                                                      @ForAll @IntRange(min = 2, max = 24) int numPages,
                                                      @ForAll @IntRange(min = 1, max = 8) int pageSize,
                                                      @ForAll @IntRange(min = 1, max = 64) int budget,
                                                      @ForAll @IntRange(min = 1, max = 6) int maxRunning) {
        PageAllocator alloc = new PageAllocator(numPages, pageSize);
        Scheduler scheduler = new Scheduler(alloc, new SchedulerConfig(budget, maxRunning));
        TaggedCache cache = new TaggedCache(numPages, pageSize);
        Map<Integer, GenerationRequest> accepted = new HashMap<>();
        Map<Integer, Completion> ended = new HashMap<>();
        Set<Integer> refused = new HashSet<>();
        for (int step = 0; step < 10_000 && (step <= 30 || !scheduler.isIdle()); step++) {
            for (int id = 0; id < trace.size(); id++) {
                Arrival a = trace.get(id);
                if (a.arrival() == step) {
                    GenerationRequest r = new GenerationRequest(id, prompt(id, a.promptLength()), a.maxNew());
                    try {
                        scheduler.submit(r);
                        accepted.put(id, r);
                    } catch (RequestRefusedException e) {
                        assertFalse(alloc.fitsInCache(r.maxKvTokens()), "refused a request that fits: " + e.getMessage());
                        refused.add(id);
                    }
                }
                if (a.cancelAt() == step) {
                    scheduler.cancel(id).ifPresent(c -> ended.put(c.request(), c));
                }
            }
            Optional<Step> next = scheduler.next();
            assertTrue(scheduler.runningCount() <= maxRunning);
            PageAllocatorProperties.checkOwnershipIsExclusive(alloc);
            if (next.isPresent()) {
                for (Completion c : scheduler.complete(next.get(), cache.run(next.get(), budget))) {
                    ended.put(c.request(), c);
                }
            }
        }
        assertTrue(scheduler.isIdle(), "requests left after the run");
        assertEquals(numPages, alloc.freePages(), "pages left allocated after every request ended");
        assertEquals(accepted.keySet(), ended.keySet(), "every accepted request ends once");
        for (Completion c : ended.values()) {
            GenerationRequest r = accepted.get(c.request());
            if (c.cancelled()) {
                assertTrue(c.tokens().length < r.maxNewTokens());
            } else {
                assertArrayEquals(expectedTokens(r), c.tokens(), "tokens of request " + r.id());
            }
        }
        for (int id : refused) {
            assertFalse(accepted.containsKey(id));
        }
    }

    static int[] prompt(int id, int length) {
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = (id + i) % 97;
        }
        return p;
    }

    private static int[] expectedTokens(GenerationRequest r) {
        int[] out = new int[r.maxNewTokens()];
        for (int i = 0; i < out.length; i++) {
            out[i] = TaggedCache.tokenAfter(r.id(), r.prompt().length + i);
        }
        return out;
    }

}
