package dev.graft.serve;

import dev.graft.attention.PageTable;

/**
 * Causal attention of a ragged batch over a paged float32 cache, on the CPU. Request r's
 * queries are rows {@code qoIndptr[r] .. qoIndptr[r+1])}; they are its newest tokens, so
 * query i of a request with qoLen queries and kvLen cached keys sits at position
 * {@code kvLen - qoLen + i} and sees keys 0 to that position (FusedAttention's causal rule
 * {@code j <= i + (Skv - Sq)}). Query head h reads KV head {@code h / (qHeads / kvHeads)}.
 * Tensors are in the graph's layout: q and the output {@code [1, qHeads, T, headDim]}, new
 * keys and values {@code [1, kvHeads, T, headDim]} with T the batch's total new tokens.
 */
final class PagedAttentionKernel {
    private PagedAttentionKernel() {
    }

    /** Writes the batch's new keys and values into their slots: the last qoLen tokens of each request. */
    static void append(Float32KvStore.Layer layer, PageTable table, int[] qoIndptr, float[] k, float[] v) {
        int total = qoIndptr[qoIndptr.length - 1];
        int d = layer.headDim();
        for (int r = 0; r < table.batchSize(); r++) {
            int qoLen = qoIndptr[r + 1] - qoIndptr[r];
            int first = table.kvLength(r) - qoLen;
            for (int i = 0; i < qoLen; i++) {
                long slot = table.slot(r, first + i);
                for (int h = 0; h < layer.kvHeads(); h++) {
                    int src = (h * total + qoIndptr[r] + i) * d;
                    int dst = layer.offset(slot, h);
                    System.arraycopy(k, src, layer.keys(), dst, d);
                    System.arraycopy(v, src, layer.values(), dst, d);
                }
            }
        }
    }

    static float[] attend(Float32KvStore.Layer layer, PageTable table, int[] qoIndptr, float[] q, int qHeads, float scale) {
        int total = qoIndptr[qoIndptr.length - 1];
        int d = layer.headDim();
        int group = qHeads / layer.kvHeads();
        float[] out = new float[q.length];
        float[] scores = new float[0];
        for (int r = 0; r < table.batchSize(); r++) {
            int qoLen = qoIndptr[r + 1] - qoIndptr[r];
            int kvLen = table.kvLength(r);
            if (scores.length < kvLen) {
                scores = new float[kvLen];
            }
            for (int i = 0; i < qoLen; i++) {
                int visible = kvLen - qoLen + i + 1;
                for (int h = 0; h < qHeads; h++) {
                    int row = (h * total + qoIndptr[r] + i) * d;
                    attendRow(layer, table, r, h / group, q, row, visible, scale, scores, out);
                }
            }
        }
        return out;
    }

    /** Softmax over the first {@code visible} keys of request r, then the weighted sum of their values. */
    private static void attendRow(Float32KvStore.Layer layer, PageTable table, int r, int kvHead, float[] q, int row,
                                  int visible, float scale, float[] scores, float[] out) {
        int d = layer.headDim();
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < visible; t++) {
            int base = layer.offset(table.slot(r, t), kvHead);
            float dot = 0;
            for (int e = 0; e < d; e++) {
                dot += q[row + e] * layer.keys()[base + e];
            }
            scores[t] = dot * scale;
            max = Math.max(max, scores[t]);
        }
        float sum = 0;
        for (int t = 0; t < visible; t++) {
            scores[t] = (float) Math.exp(scores[t] - max);
            sum += scores[t];
        }
        for (int t = 0; t < visible; t++) {
            float p = scores[t] / sum;
            int base = layer.offset(table.slot(r, t), kvHead);
            for (int e = 0; e < d; e++) {
                out[row + e] += p * layer.values()[base + e];
            }
        }
    }
}
