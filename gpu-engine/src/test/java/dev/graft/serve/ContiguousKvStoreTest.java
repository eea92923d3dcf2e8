package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unfused baseline's contiguous cache: the attention the paged cache computes, and its slot limit. */
class ContiguousKvStoreTest {
    private static final CacheConfig CACHE = new CacheConfig(12, 4, 9, 3, "f32");
    private static final KvStore.AttentionHeads HEADS = new KvStore.AttentionHeads(6, 2, 8, 0.3f);

    /** A whole scheduled generation (chunked prefill mixed with decode, slots reused): every step, every layer. */
    @Test
    void attendsAsThePagedCacheDoes() {
        Scheduler scheduler = new Scheduler(new PageAllocator(CACHE.numPages(), CACHE.pageSize()), CACHE.scheduler());
        int[] prompts = {5, 11, 1, 7, 3};
        for (int id = 0; id < prompts.length; id++) {
            scheduler.submit(new GenerationRequest(id, new int[prompts[id]], 4));
        }
        KvStore contiguous = new ContiguousKvStore(CACHE);
        KvStore paged = new Float32KvStore(CACHE.numPages(), CACHE.pageSize());
        Random random = new Random(7);
        int steps = 0;
        for (Optional<Step> s = scheduler.next(); s.isPresent(); s = scheduler.next(), steps++) {
            Step step = s.get();
            int tokens = step.totalTokens();
            for (String layer : new String[] {"layer0", "layer1"}) {
                float[] q = randoms(random, HEADS.qHeads() * tokens * HEADS.headDim());
                float[] k = randoms(random, HEADS.kvHeads() * tokens * HEADS.headDim());
                float[] v = randoms(random, HEADS.kvHeads() * tokens * HEADS.headDim());
                float[] got = contiguous.appendAndAttend(layer, HEADS, PagedStep.of(contiguous, step), q, k, v);
                float[] want = paged.appendAndAttend(layer, HEADS, PagedStep.of(paged, step), q, k, v);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5, "step " + steps + " " + layer + " element " + i);
                }
            }
            for (Completion done : scheduler.complete(step, new int[step.samplingChunks()])) {
                contiguous.release(done.request());
            }
        }
        assertTrue(steps > 8, "several steps ran: " + steps);
    }

    @Test
    void refusesARequestLongerThanASlot() {
        KvStore store = new ContiguousKvStore(CACHE);
        store.admit(new GenerationRequest(0, new int[12], 5));
        RequestRefusedException e = assertThrows(RequestRefusedException.class,
                () -> store.admit(new GenerationRequest(1, new int[12], 6)));
        assertEquals("request 1: 12 prompt + 6 new tokens need 17 KV entries, a request's contiguous cache holds 16"
                + " (--pages x --page-size / --max-running)", e.getMessage());
    }

    private static float[] randoms(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
