package dev.graft.serve;

/**
 * Attention over a contiguous KV cache as the exported graph computes it, on the CPU: for
 * each request and KV head, the {@code group * qoLen} query rows of the heads that share it
 * make one product {@code scores = Q K^T}, then a softmax of the scaled scores with the
 * causal mask (query i of a request with kvLen keys sees keys {@code 0 .. kvLen - qoLen + i}),
 * then {@code P V}: the separate MatMul, Softmax and MatMul of the unfused baseline. Tensors
 * are in the graph's layout: q and the output {@code [1, qHeads, T, headDim]}, the new keys
 * and values {@code [1, kvHeads, T, headDim]}, T the step's new tokens.
 */
final class ContiguousAttention {
    private ContiguousAttention() {
    }

    /** One layer's keys and values, {@code (slots, kvHeads, slotTokens, headDim)} each. */
    record Layer(int slotTokens, int kvHeads, int headDim, float[] keys, float[] values) {
        Layer(int slots, int slotTokens, int kvHeads, int headDim) {
            this(slotTokens, kvHeads, headDim, new float[Math.multiplyExact(slots * kvHeads, slotTokens * headDim)],
                    new float[Math.multiplyExact(slots * kvHeads, slotTokens * headDim)]);
        }

        /** Element offset of (slot, kvHead, position, 0). */
        int offset(int slot, int kvHead, int position) {
            return ((slot * kvHeads + kvHead) * slotTokens + position) * headDim;
        }
    }

    /** Writes each chunk's new keys and values at its request's next positions in its slot. */
    static void append(Layer layer, PagedStep step, int[] slotOf, float[] k, float[] v) {
        int[] rows = step.qoIndptr();
        int total = rows[rows.length - 1];
        int d = layer.headDim();
        for (int r = 0; r < slotOf.length; r++) {
            int qoLen = rows[r + 1] - rows[r];
            int first = step.kvLength(r) - qoLen;
            for (int h = 0; h < layer.kvHeads(); h++) {
                int src = (h * total + rows[r]) * d;
                int dst = layer.offset(slotOf[r], h, first);
                System.arraycopy(k, src, layer.keys(), dst, qoLen * d);
                System.arraycopy(v, src, layer.values(), dst, qoLen * d);
            }
        }
    }

    static float[] attend(Layer layer, PagedStep step, int[] slotOf, KvStore.AttentionHeads heads, float[] q) {
        int[] rows = step.qoIndptr();
        int total = rows[rows.length - 1];
        int group = heads.qHeads() / heads.kvHeads();
        float[] out = new float[q.length];
        for (int r = 0; r < slotOf.length; r++) {
            int qoLen = rows[r + 1] - rows[r];
            int kvLen = step.kvLength(r);
            for (int kh = 0; kh < heads.kvHeads(); kh++) {
                float[] queries = new float[group * qoLen * heads.headDim()];
                for (int j = 0; j < group; j++) {
                    System.arraycopy(q, ((kh * group + j) * total + rows[r]) * heads.headDim(), queries,
                            j * qoLen * heads.headDim(), qoLen * heads.headDim());
                }
                int keys = layer.offset(slotOf[r], kh, 0);
                float[] scores = scores(queries, layer.keys(), keys, group * qoLen, kvLen, heads.headDim());
                causalSoftmax(scores, group * qoLen, qoLen, kvLen, heads.scale());
                float[] context = weightedValues(scores, layer.values(), keys, group * qoLen, kvLen, heads.headDim());
                for (int j = 0; j < group; j++) {
                    System.arraycopy(context, j * qoLen * heads.headDim(), out,
                            ((kh * group + j) * total + rows[r]) * heads.headDim(), qoLen * heads.headDim());
                }
            }
        }
        return out;
    }

    /** {@code (m x d) . (kvLen x d)^T}: keys start at {@code keys} in {@code cache}, one row of d per position. */
    private static float[] scores(float[] queries, float[] cache, int keys, int m, int kvLen, int d) {
        float[] s = new float[m * kvLen];
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < kvLen; t++) {
                float dot = 0;
                for (int e = 0; e < d; e++) {
                    dot += queries[i * d + e] * cache[keys + t * d + e];
                }
                s[i * kvLen + t] = dot;
            }
        }
        return s;
    }

    /** Row i (query {@code i % qoLen} of its head) becomes the softmax of its scaled scores over its visible keys. */
    private static void causalSoftmax(float[] s, int m, int qoLen, int kvLen, float scale) {
        for (int i = 0; i < m; i++) {
            int visible = kvLen - qoLen + i % qoLen + 1;
            int row = i * kvLen;
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < visible; t++) {
                s[row + t] *= scale;
                max = Math.max(max, s[row + t]);
            }
            float sum = 0;
            for (int t = 0; t < visible; t++) {
                s[row + t] = (float) Math.exp(s[row + t] - max);
                sum += s[row + t];
            }
            for (int t = 0; t < kvLen; t++) {
                s[row + t] = t < visible ? s[row + t] / sum : 0f;
            }
        }
    }

    /** {@code (m x kvLen) . (kvLen x d)}: values start at {@code values} in {@code cache}. */
    private static float[] weightedValues(float[] p, float[] cache, int values, int m, int kvLen, int d) {
        float[] o = new float[m * d];
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < kvLen; t++) {
                float w = p[i * kvLen + t];
                for (int e = 0; e < d; e++) {
                    o[i * d + e] += w * cache[values + t * d + e];
                }
            }
        }
        return o;
    }
}
