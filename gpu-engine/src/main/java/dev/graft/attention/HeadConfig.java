package dev.graft.attention;

/**
 * The head layout of one attention problem: {@code numQoHeads} query heads share
 * {@code numKvHeads} key/value heads (query head h reads KV head h / groupSize; MQA
 * when numKvHeads is 1), each of {@code headDim} elements stored as {@code dtype}.
 */
public record HeadConfig(int numQoHeads, int numKvHeads, int headDim, KvDType dtype) {

    /** Head dimensions the kernels are specialized for. */
    public static final int[] SUPPORTED_HEAD_DIMS = {64, 128, 256};

    public HeadConfig {
        if (dtype == null) {
            throw new AttentionInputException("head config: dtype is missing (fp16 or bf16)");
        }
        if (numQoHeads <= 0 || numKvHeads <= 0) {
            throw new AttentionInputException("head config: head counts must be positive, got "
                    + numQoHeads + " query and " + numKvHeads + " kv heads");
        }
        if (numQoHeads % numKvHeads != 0) {
            throw new AttentionInputException("head config: " + numQoHeads
                    + " query heads are not a multiple of " + numKvHeads + " kv heads");
        }
        if (!isSupportedHeadDim(headDim)) {
            throw new AttentionInputException("head config: head_dim " + headDim
                    + " is not supported (supported: 64, 128, 256)");
        }
    }

    public static boolean isSupportedHeadDim(int headDim) {
        for (int d : SUPPORTED_HEAD_DIMS) {
            if (d == headDim) {
                return true;
            }
        }
        return false;
    }

    /** Query heads per KV head. */
    public int groupSize() {
        return numQoHeads / numKvHeads;
    }

    /** Elements of one token's queries ({@code numQoHeads * headDim}). */
    public int qoRowElements() {
        return numQoHeads * headDim;
    }

    /** Elements of one token's keys ({@code numKvHeads * headDim}). */
    public int kvRowElements() {
        return numKvHeads * headDim;
    }
}
