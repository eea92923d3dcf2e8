package dev.graft.attention;

/**
 * Merging of partial attention states (o, lse) computed over disjoint key sets, the
 * reference of the merge kernel. The merge is associative and commutative, and the empty
 * state (o = 0, lse = -inf) is its identity; that is what lets the scheduler split KV into
 * any chunks.
 */
public final class MergeStates {
    private MergeStates() {
    }

    /** Row by row, head by head merge of two states of the same shape. */
    public static AttentionState merge(AttentionState a, AttentionState b) {
        if (a.rows() != b.rows() || a.heads() != b.heads() || a.headDim() != b.headDim()) {
            throw new AttentionInputException("merge states: shapes differ");
        }
        AttentionState out = AttentionState.empty(a.rows(), a.heads(), a.headDim());
        for (int rh = 0; rh < a.lse().length; rh++) {
            mergeInto(out, rh, a, rh);
            mergeInto(out, rh, b, rh);
        }
        return out;
    }

    /**
     * Merges partial rows into output rows: output row g is the merge of partial rows
     * {@code indices[indptr[g] .. indptr[g+1])}, the layout an {@link AttentionPlan} declares.
     */
    public static AttentionState mergeIndexed(AttentionState partials, int[] indptr, int[] indices) {
        checkLayout(indptr, indices, partials.rows());
        int rows = indptr.length - 1;
        int heads = partials.heads();
        AttentionState out = AttentionState.empty(rows, heads, partials.headDim());
        for (int g = 0; g < rows; g++) {
            for (int i = indptr[g]; i < indptr[g + 1]; i++) {
                for (int h = 0; h < heads; h++) {
                    mergeInto(out, g * heads + h, partials, indices[i] * heads + h);
                }
            }
        }
        return out;
    }

    /** Refuses a merge layout whose indptr is inconsistent or whose indices leave the partial rows. */
    public static void checkLayout(int[] indptr, int[] indices, int partialRows) {
        Indptr.check("merge_indptr", indptr, indices.length, "merge_indices");
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= partialRows) {
                throw new AttentionInputException("merge_indices[" + i + "] = " + indices[i]
                        + " is outside the " + partialRows + " partial rows");
            }
        }
    }

    /** Folds row-head {@code srcRow} of src into row-head {@code dstRow} of dst. */
    static void mergeInto(AttentionState dst, int dstRow, AttentionState src, int srcRow) {
        double la = dst.lse()[dstRow];
        double lb = src.lse()[srcRow];
        if (lb == Double.NEGATIVE_INFINITY) {
            return;
        }
        int d = dst.headDim();
        if (la == Double.NEGATIVE_INFINITY) {
            System.arraycopy(src.o(), srcRow * d, dst.o(), dstRow * d, d);
            dst.lse()[dstRow] = lb;
            return;
        }
        double m = Math.max(la, lb);
        double wa = Math.pow(2, la - m);
        double wb = Math.pow(2, lb - m);
        double sum = wa + wb;
        for (int i = 0; i < d; i++) {
            dst.o()[dstRow * d + i] = (wa * dst.o()[dstRow * d + i] + wb * src.o()[srcRow * d + i]) / sum;
        }
        dst.lse()[dstRow] = m + Math.log(sum) / Math.log(2);
    }
}
