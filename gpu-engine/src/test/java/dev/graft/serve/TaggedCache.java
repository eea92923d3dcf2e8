package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/**
 * A stand-in for a model over a paged KV cache: every slot a step writes is tagged with
 * its request and position, and every step first reads back all earlier slots of each
 * request it runs, so any page handed to two requests, or reused before its owner ended,
 * shows up as a wrong tag. The "sampled" token is a fixed function of request and position.
 */
final class TaggedCache {
    private final long[] slots;
    private final int pageSize;

    TaggedCache(int numPages, int pageSize) {
        this.slots = new long[numPages * pageSize];
        this.pageSize = pageSize;
        Arrays.fill(slots, -1);
    }

    static int tokenAfter(int request, int position) {
        return Math.floorMod(request * 7919 + position * 31, 1000);
    }

    int[] run(Step step, int tokenBudget) {
        assertTrue(step.totalTokens() <= tokenBudget, "step of " + step.totalTokens() + " tokens over budget");
        int[] sampled = new int[step.samplingChunks()];
        int next = 0;
        for (Chunk c : step.chunks()) {
            for (int pos = 0; pos < c.start(); pos++) {
                assertEquals(tag(c.request(), pos), slots[slot(c, pos)],
                        "request " + c.request() + " position " + pos + " was overwritten");
            }
            for (int i = 0; i < c.tokens().length; i++) {
                slots[slot(c, c.start() + i)] = tag(c.request(), c.start() + i);
            }
            if (c.samples()) {
                sampled[next++] = tokenAfter(c.request(), c.kvLength());
            }
        }
        return sampled;
    }

    private int slot(Chunk c, int position) {
        return c.pages()[position / pageSize] * pageSize + position % pageSize;
    }

    private static long tag(int request, int position) {
        return (long) request << 32 | position;
    }
}
