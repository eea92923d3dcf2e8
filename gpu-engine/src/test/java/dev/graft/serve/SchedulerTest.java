package dev.graft.serve;

import static dev.graft.serve.SchedulerProperties.prompt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.PageTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    @Test
    void aRequestLargerThanTheCacheIsRefusedWhileOthersGoOn() {
        PageAllocator alloc = new PageAllocator(4, 8);
        Scheduler scheduler = new Scheduler(alloc, new SchedulerConfig(16, 4));
        scheduler.submit(new GenerationRequest(1, prompt(1, 10), 5));
        RequestRefusedException e = assertThrows(RequestRefusedException.class,
                () -> scheduler.submit(new GenerationRequest(2, prompt(2, 30), 4)));
        assertEquals("request 2: 30 prompt + 4 new tokens need 5 pages of 8 tokens, the whole cache has 4",
                e.getMessage());
        List<Completion> done = drain(scheduler, new TaggedCache(4, 8), 16);
        assertEquals(1, done.size());
        assertEquals(5, done.getFirst().tokens().length);
        assertEquals(4, alloc.freePages());
    }

    @Test
    void cancellingARunningRequestFreesItsPages() {
        PageAllocator alloc = new PageAllocator(8, 4);
        Scheduler scheduler = new Scheduler(alloc, new SchedulerConfig(64, 4));
        scheduler.submit(new GenerationRequest(1, prompt(1, 6), 10));
        scheduler.submit(new GenerationRequest(2, prompt(2, 3), 2));
        TaggedCache cache = new TaggedCache(8, 4);
        Step first = scheduler.next().orElseThrow();
        scheduler.complete(first, cache.run(first, 64));
        assertEquals(8 - 4 - 1, alloc.freePages(), "request 1 holds 4 pages (15 tokens), request 2 one page");
        Completion c = scheduler.cancel(1).orElseThrow();
        assertTrue(c.cancelled());
        assertArrayEquals(new int[] {TaggedCache.tokenAfter(1, 6)}, c.tokens());
        assertEquals(7, alloc.freePages());
        assertEquals(Optional.empty(), scheduler.cancel(1), "a request is cancelled once");
        List<Completion> rest = drain(scheduler, cache, 64);
        assertEquals(List.of(2), rest.stream().map(Completion::request).toList());
        assertEquals(8, alloc.freePages());
    }

    @Test
    void requestsBeyondTheCacheWaitInOrder() {
        PageAllocator alloc = new PageAllocator(4, 4);
        Scheduler scheduler = new Scheduler(alloc, new SchedulerConfig(32, 8));
        for (int id = 0; id < 5; id++) {
            scheduler.submit(new GenerationRequest(id, prompt(id, 5), 4));
        }
        scheduler.next().orElseThrow();
        assertEquals(2, scheduler.runningCount(), "each request needs 2 pages of the 4");
        assertEquals(3, scheduler.waitingCount());
    }

    @Test
    void promptsArePrefilledInChunksWithinTheBudget() {
        PageAllocator alloc = new PageAllocator(16, 4);
        Scheduler scheduler = new Scheduler(alloc, new SchedulerConfig(8, 4));
        scheduler.submit(new GenerationRequest(0, prompt(0, 3), 3));
        scheduler.submit(new GenerationRequest(1, prompt(1, 12), 2));
        TaggedCache cache = new TaggedCache(16, 4);
        Step s1 = scheduler.next().orElseThrow();
        assertEquals(List.of(3, 5), s1.chunks().stream().map(c -> c.tokens().length).toList());
        assertEquals(List.of(true, false), s1.chunks().stream().map(Chunk::samples).toList());
        scheduler.complete(s1, cache.run(s1, 8));
        Step s2 = scheduler.next().orElseThrow();
        assertEquals(3, s2.chunks().getFirst().start(), "the decode token of request 0 comes first");
        assertEquals(List.of(1, 7), s2.chunks().stream().map(c -> c.tokens().length).toList());
        assertEquals(5, s2.chunks().get(1).start());
        assertArrayEquals(new int[] {0, 1, 8}, s2.qoIndptr());
        assertArrayEquals(new int[] {3, 5, 6, 7, 8, 9, 10, 11}, s2.positions());
        PageTable table = s2.pageTable(4);
        assertArrayEquals(new int[] {4, 12}, table.kvLengths(), "kv lengths count the appended tokens");
        assertArrayEquals(new int[] {0, 1, 4}, table.indptr());
        assertEquals(alloc.pages(0)[0], table.indices()[0]);
        assertEquals(alloc.pages(1)[2], table.indices()[3]);
    }

    private static List<Completion> drain(Scheduler scheduler, TaggedCache cache, int budget) {
        List<Completion> done = new ArrayList<>();
        for (Optional<Step> s = scheduler.next(); s.isPresent(); s = scheduler.next()) {
            done.addAll(scheduler.complete(s.get(), cache.run(s.get(), budget)));
        }
        return done;
    }
}
