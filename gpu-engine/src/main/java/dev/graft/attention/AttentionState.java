package dev.graft.attention;

/**
 * Attention outputs with their log-sum-exp: {@code o} is {@code (rows, heads, headDim)},
 * {@code lse} is {@code (rows, heads)} in base 2 (lse = log2 sum_j 2^(s_j log2 e)). A row
 * whose keys were all masked has o = 0 and lse = -infinity, the identity of
 * {@link MergeStates#merge}.
 */
public record AttentionState(int rows, int heads, int headDim, double[] o, double[] lse) {

    public AttentionState {
        if (o.length != (long) rows * heads * headDim || lse.length != (long) rows * heads) {
            throw new AttentionInputException("attention state: arrays do not match (" + rows + ", " + heads
                    + ", " + headDim + ")");
        }
    }

    public static AttentionState empty(int rows, int heads, int headDim) {
        double[] lse = new double[rows * heads];
        java.util.Arrays.fill(lse, Double.NEGATIVE_INFINITY);
        return new AttentionState(rows, heads, headDim, new double[rows * heads * headDim], lse);
    }
}
