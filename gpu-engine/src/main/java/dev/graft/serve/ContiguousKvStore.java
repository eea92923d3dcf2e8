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
public final class ContiguousKvStore extends AbstractContiguousKvStore {
    private final Map<String, ContiguousAttention.Layer> layers = new HashMap<>();

    public ContiguousKvStore(CacheConfig cache) {
        super(cache, "f32, contiguous", "MatMul, Softmax, MatMul");
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
