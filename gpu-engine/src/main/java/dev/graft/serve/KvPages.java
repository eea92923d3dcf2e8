package dev.graft.serve;

import dev.graft.attention.PageTable;
import java.util.HashMap;
import java.util.Map;

/**
 * The float32 keys and values of every attention layer of a model, in pages shared out by
 * one {@link PageAllocator}: per layer, keys and values are each
 * {@code (numPages, pageSize, numKvHeads, headDim)} (the attention library's NHD layout),
 * and a request's token t lives at the slot its {@link PageTable} gives. Layers are named
 * by their attention node and get their arrays the first time they run.
 *
 * <p>The CPU path keeps float32 so that generation through the cache computes what full
 * recomputation does; the library's {@code PagedKvCache} holds 16-bit values for the GPU.
 */
public final class KvPages {
    private final int numPages;
    private final int pageSize;
    private final Map<String, Layer> layers = new HashMap<>();

    public KvPages(int numPages, int pageSize) {
        this.numPages = numPages;
        this.pageSize = pageSize;
    }

    public int numPages() {
        return numPages;
    }

    public int pageSize() {
        return pageSize;
    }

    /** The layer named {@code name}, made on first use with its head layout. */
    Layer layer(String name, int kvHeads, int headDim) {
        Layer l = layers.computeIfAbsent(name, n -> new Layer(kvHeads, headDim,
                new float[Math.multiplyExact(numPages * pageSize, kvHeads * headDim)],
                new float[Math.multiplyExact(numPages * pageSize, kvHeads * headDim)]));
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
