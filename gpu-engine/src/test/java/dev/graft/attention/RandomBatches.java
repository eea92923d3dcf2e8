package dev.graft.attention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Random attention inputs for tests: values uniform in [-1, 1), pages shuffled in the cache. */
public final class RandomBatches {
    private RandomBatches() {
    }

    public static short[] randomHalf(Random rng, KvDType dtype, int n) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = dtype.encode(rng.nextFloat() * 2 - 1);
        }
        return out;
    }

    /** A paged cache holding the given lengths, its pages handed out in random order, the rest random too. */
    public static KvSource.Paged paged(Random rng, HeadConfig heads, int[] kvLens, int pageSize, int sparePages) {
        int[] indptr = new int[kvLens.length + 1];
        int[] last = new int[kvLens.length];
        for (int r = 0; r < kvLens.length; r++) {
            int pages = (kvLens[r] + pageSize - 1) / pageSize;
            indptr[r + 1] = indptr[r] + pages;
            last[r] = pages == 0 ? 0 : kvLens[r] - (pages - 1) * pageSize;
        }
        int numPages = indptr[kvLens.length] + sparePages;
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < numPages; p++) {
            order.add(p);
        }
        Collections.shuffle(order, rng);
        int[] indices = new int[indptr[kvLens.length]];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = order.get(i);
        }
        PagedKvCache cache = new PagedKvCache(Math.max(1, numPages), pageSize, heads);
        fill(rng, heads.dtype(), cache.keys());
        fill(rng, heads.dtype(), cache.values());
        return new KvSource.Paged(cache, new PageTable(indptr, indices, last, pageSize));
    }

    /** The same keys and values as {@code paged}, laid out as a ragged tensor. */
    public static KvSource.Ragged toRagged(KvSource.Paged paged) {
        HeadConfig heads = paged.cache().heads();
        int[] lens = paged.kvLengths();
        int[] indptr = Indptr.fromLengths(lens);
        int row = heads.kvRowElements();
        short[] k = new short[indptr[lens.length] * row];
        short[] v = new short[k.length];
        for (int r = 0; r < lens.length; r++) {
            for (int t = 0; t < lens[r]; t++) {
                int src = (int) paged.offset(r, t, 0);
                System.arraycopy(paged.keys(), src, k, (indptr[r] + t) * row, row);
                System.arraycopy(paged.values(), src, v, (indptr[r] + t) * row, row);
            }
        }
        return new KvSource.Ragged(heads, indptr, k, v);
    }

    public static AttentionBatch batch(Random rng, HeadConfig heads, AttentionVariant variant, int[] qoLens,
                                       KvSource kv) {
        int[] qoIndptr = Indptr.fromLengths(qoLens);
        short[] q = randomHalf(rng, heads.dtype(), qoIndptr[qoLens.length] * heads.qoRowElements());
        CustomMask mask = null;
        if (variant.mask() != MaskMode.NONE) {
            int maskHeads = variant.mask() == MaskMode.PER_HEAD ? heads.numQoHeads() : 1;
            mask = CustomMask.zeros(qoLens, kv.kvLengths(), maskHeads);
            for (int i = 0; i < mask.bias().length; i++) {
                mask.bias()[i] = rng.nextInt(4) == 0 ? Float.NEGATIVE_INFINITY : rng.nextFloat() - 0.5f;
            }
        }
        return new AttentionBatch(heads, variant, qoIndptr, q, kv, mask);
    }

    private static void fill(Random rng, KvDType dtype, short[] data) {
        for (int i = 0; i < data.length; i++) {
            data[i] = dtype.encode(rng.nextFloat() * 2 - 1);
        }
    }

    /** ||a - b|| / ||b|| over the outputs (rows with lse = -inf must match exactly as zeros). */
    public static double relativeError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = a[i] - b[i];
            num += diff * diff;
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
    }
}
