package dev.graft.attention;

/**
 * The float64 reference of every entry point of the library: batch prefill and decode
 * (paged or ragged KV, any variant), one scheduled work item (a partial state), and the
 * KV append. CI tests the library through it, and the GPU tests compare the kernels
 * against it.
 */
public final class AttentionReference {
    private AttentionReference() {
    }

    /** Attention of every query row over all its request's keys; rows as in the batch. */
    public static AttentionState run(AttentionBatch batch) {
        AttentionState out = AttentionState.empty(batch.totalQoRows(), batch.heads().numQoHeads(),
                batch.heads().headDim());
        for (int r = 0; r < batch.batchSize(); r++) {
            int kvLen = batch.kv().kvLength(r);
            WorkItem whole = new WorkItem(r, 0, batch.qoLength(r), 0, kvLen, batch.qoIndptr()[r]);
            attendInto(batch, whole, out);
        }
        return out;
    }

    /** The partial state of one work item: its rows only, over its key range only. */
    public static AttentionState runItem(AttentionBatch batch, WorkItem item) {
        AttentionState out = AttentionState.empty(item.qoRows(), batch.heads().numQoHeads(),
                batch.heads().headDim());
        attendInto(batch, new WorkItem(item.request(), item.qoStart(), item.qoEnd(), item.kvStart(),
                item.kvEnd(), 0), out);
        return out;
    }

    /** Writes the item's rows into {@code out} starting at row {@code item.partialRow()}. */
    private static void attendInto(AttentionBatch batch, WorkItem item, AttentionState out) {
        HeadConfig heads = batch.heads();
        KvDType dtype = heads.dtype();
        VariantHooks hooks = new VariantHooks(batch.variant(), heads);
        int d = heads.headDim();
        int r = item.request();
        int qoLen = batch.qoLength(r);
        KvSource kv = batch.kv();
        int kvLen = kv.kvLength(r);
        int keys = item.kvEnd() - item.kvStart();
        double[] k = new double[keys * heads.kvRowElements()];
        double[] v = new double[keys * heads.kvRowElements()];
        for (int t = 0; t < keys; t++) {
            for (int kh = 0; kh < heads.numKvHeads(); kh++) {
                long src = kv.offset(r, item.kvStart() + t, kh);
                int dst = (t * heads.numKvHeads() + kh) * d;
                for (int i = 0; i < d; i++) {
                    k[dst + i] = dtype.decode(kv.keys()[(int) (src + i)]);
                    v[dst + i] = dtype.decode(kv.values()[(int) (src + i)]);
                }
                hooks.transform(k, dst, item.kvStart() + t);
            }
        }
        double[] q = new double[d];
        double[] s = new double[keys];
        for (int i = item.qoStart(); i < item.qoEnd(); i++) {
            int qPos = kvLen - qoLen + i;
            int row = batch.qoIndptr()[r] + i;
            for (int h = 0; h < heads.numQoHeads(); h++) {
                for (int e = 0; e < d; e++) {
                    q[e] = dtype.decode(batch.q()[(row * heads.numQoHeads() + h) * d + e]);
                }
                hooks.transform(q, 0, qPos);
                int kh = h / heads.groupSize();
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < keys; t++) {
                    int kPos = item.kvStart() + t;
                    if (!hooks.visible(qPos, kPos)) {
                        s[t] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = 0;
                    int base = (t * heads.numKvHeads() + kh) * d;
                    for (int e = 0; e < d; e++) {
                        dot += q[e] * k[base + e];
                    }
                    double bias = batch.mask() == null ? 0
                            : batch.mask().bias()[(int) batch.mask().index(r, h, i, qoLen, kvLen, kPos)];
                    s[t] = hooks.logit(dot, h, qPos, kPos, bias);
                    max = Math.max(max, s[t]);
                }
                int outRow = (item.partialRow() + i - item.qoStart()) * heads.numQoHeads() + h;
                if (max == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                double[] o = new double[d];
                for (int t = 0; t < keys; t++) {
                    if (s[t] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double p = Math.exp(s[t] - max);
                    sum += p;
                    int base = (t * heads.numKvHeads() + kh) * d;
                    for (int e = 0; e < d; e++) {
                        o[e] += p * v[base + e];
                    }
                }
                for (int e = 0; e < d; e++) {
                    out.o()[outRow * d + e] = o[e] / sum;
                }
                out.lse()[outRow] = (max + Math.log(sum)) / Math.log(2);
            }
        }
    }

    /**
     * Writes new keys and values of a batch into the cache: request r appends rows
     * {@code appendIndptr[r] .. appendIndptr[r+1])} of {@code k} and {@code v}
     * {@code (totalNew, numKvHeads, headDim)} as its last tokens, so the table must already
     * count them (its KV length includes the appended tokens).
     */
    public static void appendPagedKv(KvAppend append) {
        PagedKvCache cache = append.cache();
        int rowElements = cache.heads().kvRowElements();
        for (int r = 0; r < append.table().batchSize(); r++) {
            int kvLen = append.table().kvLength(r);
            int first = append.appendIndptr()[r];
            int count = append.appendIndptr()[r + 1] - first;
            for (int n = 0; n < count; n++) {
                long dst = cache.offset(append.table().slot(r, kvLen - count + n), 0);
                System.arraycopy(append.keys(), (first + n) * rowElements, cache.keys(), (int) dst, rowElements);
                System.arraycopy(append.values(), (first + n) * rowElements, cache.values(), (int) dst, rowElements);
            }
        }
    }
}
