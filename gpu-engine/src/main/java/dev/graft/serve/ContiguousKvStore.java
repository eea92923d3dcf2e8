package dev.graft.serve;

import java.util.HashMap;
import java.util.Map;

/**
 * The unfused baseline's cache: every request's keys and values in one contiguous
 * max-length buffer per layer, {@code (slots, kvHeads, slotTokens, headDim)}, and attention
 * as three separate passes over it, as the exported graph computes it: scores = Q K^T,
 * a masked softmax of the scaled scores, then the probabilities times V
 * ({@link ContiguousAttention}). Slots split the same memory as the paged cache:
 * {@code numPages * pageSize / maxRunning} positions each, so a request may be refused here
 * that pages would hold. Float32, on the CPU.
 */
public final class ContiguousKvStore implements KvStore {
    private final int numPages;
    private final int pageSize;
    private final ContiguousSlots slots;
    private final Map<String, ContiguousAttention.Layer> layers = new HashMap<>();

    public ContiguousKvStore(CacheConfig cache) {
        this.numPages = cache.numPages();
        this.pageSize = cache.pageSize();
        this.slots = ContiguousSlots.sizedLike(cache);
    }

    @Override
    public int numPages() {
        return numPages;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public String dtype() {
        return "f32, contiguous: " + slots.slots() + " slots of " + slots.slotTokens() + " tokens";
    }

    @Override
    public String describe(int layers) {
        return "unfused attention (MatMul, Softmax, MatMul) over a contiguous KV cache (" + layers + " layers, "
                + dtype() + ")";
    }

    @Override
    public void admit(GenerationRequest request) {
        slots.admit(request);
    }

    @Override
    public void release(int request) {
        slots.release(request);
    }

    @Override
    public float[] appendAndAttend(String name, AttentionHeads heads, PagedStep step, float[] q, float[] k, float[] v) {
        ContiguousAttention.Layer layer = layers.computeIfAbsent(name,
                n -> new ContiguousAttention.Layer(slots.slots(), slots.slotTokens(), heads.kvHeads(), heads.headDim()));
        int[] slotOf = new int[step.requests().length];
        for (int r = 0; r < slotOf.length; r++) {
            slotOf[r] = slots.slotOf(step.requests()[r]);
        }
        ContiguousAttention.append(layer, step, slotOf, k, v);
        return ContiguousAttention.attend(layer, step, slotOf, heads, q);
    }
}
