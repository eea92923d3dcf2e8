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
 * {@code kv_heads}, {@code head_dim}); the node's name names its layer of the cache. It
 * runs only inside a step ({@link PagedStep#CURRENT} bound).
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
        int tokens = step.qoIndptr()[step.qoIndptr().length - 1];
        checkShape(q.shape(), heads.qHeads(), tokens, heads.headDim(), "Q");
        checkShape(k.shape(), heads.kvHeads(), tokens, heads.headDim(), "K");
        checkShape(v.shape(), heads.kvHeads(), tokens, heads.headDim(), "V");
        try {
            float[] out = step.store().appendAndAttend(ctx.node().name(), heads, step, q.floats(), k.floats(),
                    v.floats());
            return List.of(Tensor.ofFloats(q.dtype(), q.shape(), out));
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

    /** Refuses a q, k or v that is not {@code (1, heads, tokens, headDim)} for this step. */
    public static void checkShape(int[] shape, int heads, int tokens, int headDim, String what) {
        if (shape.length != 4 || shape[0] != 1 || shape[1] != heads || shape[2] != tokens || shape[3] != headDim) {
            throw new OpException(what + " has shape " + Arrays.toString(shape) + ", expected [1, "
                    + heads + ", " + tokens + ", " + headDim + "] for this step");
        }
    }
}
