package dev.graft.serve;

import dev.graft.attention.PageTable;
import java.util.HashMap;
import java.util.Map;

/**
 * Float32 keys and values per layer, in the attention library's NHD page layout
 * {@code (numPages, pageSize, numKvHeads, headDim)}, attended on the CPU by
 * {@link PagedAttentionKernel}. Float32 so that generation through the cache computes what
 * full recomputation does, for any head dim; {@link LibraryKvStore} holds 16-bit values
 * through the attention library, as the GPU does.
 */
public final class Float32KvStore extends AbstractKvStore {
    private final Map<String, Layer> layers = new HashMap<>();

    public Float32KvStore(int numPages, int pageSize) {
        super(numPages, pageSize);
    }

    @Override
    public String dtype() {
        return "f32";
    }

    @Override
    public float[] appendAndAttend(String name, AttentionHeads heads, PagedStep step, float[] q, float[] k,
                                   float[] v) {
        PageTable table = step.table();
        int[] qoIndptr = step.qoIndptr();
        Layer layer = layer(name, heads.kvHeads(), heads.headDim());
        PagedAttentionKernel.append(layer, table, qoIndptr, k, v);
        return PagedAttentionKernel.attend(layer, table, qoIndptr, q, heads.qHeads(), heads.scale());
    }

    /** The layer named {@code name}, made on first use with its head layout. */
    private Layer layer(String name, int kvHeads, int headDim) {
        Layer l = layers.computeIfAbsent(name, n -> new Layer(kvHeads, headDim,
                new float[Math.multiplyExact(numPages() * pageSize(), kvHeads * headDim)],
                new float[Math.multiplyExact(numPages() * pageSize(), kvHeads * headDim)]));
        if (l.kvHeads != kvHeads || l.headDim != headDim) {
            throw new IllegalStateException("layer '" + name + "' was made for " + l.kvHeads + " kv heads of "
                    + l.headDim + ", now asked for " + kvHeads + " of " + headDim);
        }
        return l;
    }

    /** One layer's pages. */
    record Layer(int kvHeads, int headDim, float[] keys, float[] values) {
        /** Element offset of (slot, kvHead, 0), slot = page * pageSize + position in page. */
        int offset(long slot, int kvHead) {
            return Math.toIntExact((slot * kvHeads + kvHead) * headDim);
        }
    }
}
