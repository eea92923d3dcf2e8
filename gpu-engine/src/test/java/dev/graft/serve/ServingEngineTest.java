package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine loop over a scripted runner: refusals, cancellation, queueing and the timings it stamps. */
class ServingEngineTest {
    private final PageAllocator pages = new PageAllocator(6, 4);
    private final AtomicLong clock = new AtomicLong();
    private final TaggedCache cache = new TaggedCache(6, 4);
    private final ServingEngine engine = new ServingEngine(new Scheduler(pages, new SchedulerConfig(16, 8)),
            new StepRunner() {
                @Override
                public int[] run(Step step) {
                    clock.addAndGet(1_000_000);
                    return cache.run(step, 16);
                }

                @Override
                public String describe() {
                    return "scripted";
                }
            }, 100, 40, clock::get);

    @Test
    void refusedRequestsAreRecordedWhileTheOthersFinish() {
        engine.submit(new GenerationRequest(0, new int[] {1, 2}, 3));
        engine.submit(new GenerationRequest(1, new int[] {5, 100}, 3));
        engine.submit(new GenerationRequest(2, new int[30], 3));
        engine.submit(new GenerationRequest(3, new int[20], 22));
        engine.runUntilIdle();
        assertTrue(engine.traces().get(0).finished());
        assertEquals("request 1: prompt token 1 is 100, outside the vocabulary [0, 100)", engine.traces().get(1).error());
        assertEquals("request 2: 30 prompt + 3 new tokens need 8 pages of 4 tokens, the whole cache has 6",
                engine.traces().get(2).error());
        assertEquals("request 3: 20 prompt + 22 new tokens need 41 positions, the model has 40",
                engine.traces().get(3).error());
        assertEquals(6, pages.freePages());
    }

    @Test
    void moreRequestsThanTheCacheHoldsAreQueuedAndAllFinish() {
        for (int id = 0; id < 10; id++) {
            engine.submit(new GenerationRequest(id, new int[] {id, id + 1, id + 2, id + 3, id + 4}, 4));
        }
        engine.step();
        assertEquals(6, 6 - pages.freePages(), "three requests of two pages each fill the cache");
        engine.runUntilIdle();
        for (int id = 0; id < 10; id++) {
            RequestTrace t = engine.traces().get(id);
            assertArrayEquals(new int[] {TaggedCache.tokenAfter(id, 5), TaggedCache.tokenAfter(id, 6),
                TaggedCache.tokenAfter(id, 7), TaggedCache.tokenAfter(id, 8)}, t.tokens());
        }
        assertEquals(6, pages.freePages());
    }

    @Test
    void cancellingFreesPagesAndEndsTheRequest() {
        engine.submit(new GenerationRequest(0, new int[] {1, 2, 3}, 10));
        engine.submit(new GenerationRequest(1, new int[] {4}, 2));
        engine.step();
        engine.step();
        assertTrue(engine.cancel(0));
        assertTrue(engine.traces().get(0).cancelled());
        assertEquals(2, engine.traces().get(0).tokens().length);
        engine.runUntilIdle();
        assertTrue(engine.traces().get(1).finished());
        assertEquals(6, pages.freePages());
    }

    @Test
    void timingsComeFromTheEnginesClock() {
        clock.set(0);
        engine.submit(new GenerationRequest(0, new int[] {1, 2}, 3), 0);
        clock.set(4_000_000);
        engine.runUntilIdle();
        RequestTrace t = engine.traces().get(0);
        assertEquals(5_000_000, t.timeToFirstToken(), "arrival at 0, first step ends at 5 ms");
        assertArrayEquals(new long[] {1_000_000, 1_000_000}, t.interTokenLatencies());
    }
}
