package dev.graft.attention;

/**
 * The inputs of one batched attention call, checked when made so that no kernel is
 * launched on inconsistent data. Queries are ragged: request r owns query rows
 * {@code qoIndptr[r] .. qoIndptr[r+1])} of {@code q (totalQo, numQoHeads, headDim)}. Batch
 * decode is the case of one query row per request.
 *
 * @param mask the additive mask when the variant's mask mode is not NONE, else null
 */
public record AttentionBatch(HeadConfig heads, AttentionVariant variant, int[] qoIndptr, short[] q,
                             KvSource kv, CustomMask mask) {

    public AttentionBatch {
        if (q.length % heads.qoRowElements() != 0) {
            throw new AttentionInputException("queries: " + q.length + " elements are not rows of "
                    + heads.qoRowElements() + " (" + heads.numQoHeads() + " heads x " + heads.headDim() + ")");
        }
        Indptr.check("qo_indptr", qoIndptr, q.length / heads.qoRowElements(), "the query rows");
        if (kv.batchSize() != qoIndptr.length - 1) {
            throw new AttentionInputException("qo_indptr describes " + (qoIndptr.length - 1)
                    + " requests but the kv source " + kv.batchSize());
        }
        HeadConfig kvHeads = switch (kv) {
            case KvSource.Paged p -> p.cache().heads();
            case KvSource.Ragged r -> r.heads();
        };
        if (kvHeads.numKvHeads() != heads.numKvHeads() || kvHeads.headDim() != heads.headDim()
                || kvHeads.dtype() != heads.dtype()) {
            throw new AttentionInputException("kv source has " + kvHeads.numKvHeads() + " heads of "
                    + kvHeads.headDim() + " " + kvHeads.dtype().shortName() + ", queries expect "
                    + heads.numKvHeads() + " of " + heads.headDim() + " " + heads.dtype().shortName());
        }
        if (variant.mask() == MaskMode.NONE) {
            if (mask != null) {
                throw new AttentionInputException("custom mask given but the variant has mask mode NONE");
            }
        } else {
            if (mask == null) {
                throw new AttentionInputException("variant has mask mode " + variant.mask() + " but no mask was given");
            }
            mask.check(variant.mask(), heads, Indptr.lengths(qoIndptr), kv.kvLengths());
        }
    }

    /** A decode batch: one query row per request. */
    public static AttentionBatch decode(HeadConfig heads, AttentionVariant variant, short[] q, KvSource kv,
                                        CustomMask mask) {
        int[] qoIndptr = new int[kv.batchSize() + 1];
        for (int r = 0; r < qoIndptr.length; r++) {
            qoIndptr[r] = r;
        }
        return new AttentionBatch(heads, variant, qoIndptr, q, kv, mask);
    }

    public int batchSize() {
        return qoIndptr.length - 1;
    }

    public int totalQoRows() {
        return qoIndptr[qoIndptr.length - 1];
    }

    public int qoLength(int request) {
        return qoIndptr[request + 1] - qoIndptr[request];
    }

    public int[] qoLengths() {
        return Indptr.lengths(qoIndptr);
    }

    /** Whether every request has exactly one query row. */
    public boolean isDecode() {
        for (int r = 0; r < batchSize(); r++) {
            if (qoLength(r) != 1) {
                return false;
            }
        }
        return true;
    }
}
