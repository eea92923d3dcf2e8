package dev.graft.serve;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The slots of a contiguous KV cache: every running request owns one slot of
 * {@code slotTokens} consecutive positions, taken when its first chunk runs and given back
 * when it ends, whatever its length, the way caches were kept before paging. The
 * scheduler never runs more than {@code slots} requests at once, so a slot is always free.
 */
final class ContiguousSlots {
    private final int slots;
    private final int slotTokens;
    private final Map<Integer, Integer> owned = new HashMap<>();
    private final Deque<Integer> free = new ArrayDeque<>();

    /**
     * Slots holding the paged cache's token capacity, split evenly over the requests that
     * may run at once: the same memory as the paged cache, so the two compare fairly.
     */
    static ContiguousSlots sizedLike(CacheConfig cache) {
        return new ContiguousSlots(cache.maxRunning(), cache.numPages() * cache.pageSize() / cache.maxRunning());
    }

    ContiguousSlots(int slots, int slotTokens) {
        this.slots = slots;
        this.slotTokens = slotTokens;
        for (int s = 0; s < slots; s++) {
            free.addLast(s);
        }
    }

    int slots() {
        return slots;
    }

    int slotTokens() {
        return slotTokens;
    }

    /** Refuses a request longer than a slot, naming what it needs and what a slot holds. */
    void admit(GenerationRequest request) {
        if (request.maxKvTokens() > slotTokens) {
            throw new RequestRefusedException("request " + request.id() + ": " + request.prompt().length + " prompt + "
                    + request.maxNewTokens() + " new tokens need " + request.maxKvTokens()
                    + " KV entries, a request's contiguous cache holds " + slotTokens
                    + " (--pages x --page-size / --max-running)");
        }
    }

    /** The slot of {@code request}, taken now if it has none. */
    int slotOf(int request) {
        Integer slot = owned.get(request);
        if (slot == null) {
            if (free.isEmpty()) {
                throw new IllegalStateException("request " + request + ": all " + slots + " contiguous slots are taken");
            }
            slot = free.removeFirst();
            owned.put(request, slot);
        }
        return slot;
    }

    void release(int request) {
        Integer slot = owned.remove(request);
        if (slot != null) {
            free.addFirst(slot);
        }
    }
}
