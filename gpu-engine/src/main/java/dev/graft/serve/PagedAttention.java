package dev.graft.serve;

import dev.graft.attention.AttentionInputException;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code PagedAttention(Q (1, hq, T, d), K (1, hkv, T, d), V (1, hkv, T, d))}: FusedAttention
 * with {@code causal=1} over a paged KV cache. The T rows are the new tokens of a ragged
 * batch ({@link PagedStep#qoIndptr}); K and V are theirs only: the node appends them to
 * its layer of the cache, then each query attends to every cached key of its request up
 * to its own position. Attributes as FusedAttention's ({@code scale}, {@code q_heads},
 * {@code kv_heads}, {@code head_dim}), and {@code token_major}: 1 when Q, K, V and the
 * output are {@code (1, T, heads, d)}, the layout the projections come in (the serving
 * rules drop the exporter's transposes so); the node's name names its layer of the cache.
 * It runs only inside a step ({@link PagedStep#CURRENT} bound).
 */
public final class PagedAttention implements Op {
    public static final String NAME = "PagedAttention";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType q = ctx.inputType(0);
        for (int i = 0; i < 3; i++) {
            TensorType t = ctx.inputType(i);
            if (t.rank() != 4 || !t.dtype().isFloating()) {
                throw new OpException("input " + i + " must be a floating (1, heads, tokens, head_dim) tensor, got " + t);
            }
        }
        for (String a : List.of("scale", "q_heads", "kv_heads", "head_dim")) {
            if (!ctx.attributes().has(a)) {
                throw new OpException("attribute " + a + " is required");
            }
        }
        return List.of(q);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        if (!PagedStep.CURRENT.isBound()) {
            throw new OpException("PagedAttention runs only inside a serving step, with a KV cache bound");
        }
        PagedStep step = PagedStep.CURRENT.get();
        Tensor q = ctx.required(0);
        Tensor k = ctx.required(1);
        Tensor v = ctx.required(2);
        KvStore.AttentionHeads heads = heads(ctx.attributes());
        boolean tokenMajor = tokenMajor(ctx.attributes());
        int tokens = step.qoIndptr()[step.qoIndptr().length - 1];
        checkShape(q.shape(), heads.qHeads(), tokens, heads.headDim(), tokenMajor, "Q");
        checkShape(k.shape(), heads.kvHeads(), tokens, heads.headDim(), tokenMajor, "K");
        checkShape(v.shape(), heads.kvHeads(), tokens, heads.headDim(), tokenMajor, "V");
        try {
            float[] out = step.store().appendAndAttend(ctx.node().name(), heads, step,
                    headMajor(q, heads.qHeads(), tokens, heads.headDim(), tokenMajor),
                    headMajor(k, heads.kvHeads(), tokens, heads.headDim(), tokenMajor),
                    headMajor(v, heads.kvHeads(), tokens, heads.headDim(), tokenMajor));
            return List.of(Tensor.ofFloats(q.dtype(), q.shape(),
                    tokenMajor ? HeadLayout.swapAxes(out, heads.qHeads(), tokens, heads.headDim()) : out));
        } catch (AttentionInputException e) {
            throw new OpException("the " + step.store().dtype() + " KV cache (attention library) refuses this layer: "
                    + e.getMessage());
        }
    }

    /** The node's head layout and scale. */
    public static KvStore.AttentionHeads heads(Attributes attributes) {
        return new KvStore.AttentionHeads((int) attributes.getInt("q_heads", 0), (int) attributes.getInt("kv_heads", 0),
                (int) attributes.getInt("head_dim", 0), attributes.getFloat("scale", 0f));
    }

    /** Whether the node's Q, K, V and output are {@code (1, T, heads, d)} rather than {@code (1, heads, T, d)}. */
    public static boolean tokenMajor(Attributes attributes) {
        return attributes.getInt("token_major", 0) == 1;
    }

    /** A tensor's values in the stores' layout, {@code (1, heads, T, d)}. */
    private static float[] headMajor(Tensor x, int heads, int tokens, int headDim, boolean tokenMajor) {
        return tokenMajor ? HeadLayout.swapAxes(x.floats(), tokens, heads, headDim) : x.floats();
    }

    /**
     * Refuses a q, k or v that is not {@code (1, heads, tokens, headDim)} for this step, or
     * {@code (1, tokens, heads, headDim)} when the node is token-major.
     */
    public static void checkShape(int[] shape, int heads, int tokens, int headDim, boolean tokenMajor, String what) {
        int[] expected = tokenMajor ? new int[] {1, tokens, heads, headDim} : new int[] {1, heads, tokens, headDim};
        if (!Arrays.equals(shape, expected)) {
            throw new OpException(what + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected) + " for this step");
        }
    }
}
