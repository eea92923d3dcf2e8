package dev.graft.attention;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The head layout of one attention problem: {@code numQoHeads} query heads share
 * {@code numKvHeads} key/value heads (query head h reads KV head h / groupSize; MQA
 * when numKvHeads is 1), each of {@code headDim} elements stored as {@code dtype}.
 */
public record HeadConfig(int numQoHeads, int numKvHeads, int headDim, KvDType dtype) {

    /**
     * Head dimensions the kernels are specialized for: multiples of 16 (one mma.sync k-step)
     * that are powers of two, from the shared tiny models' 16 to 256.
     */
    public static final int[] SUPPORTED_HEAD_DIMS = {16, 32, 64, 128, 256};

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
                    + " is not supported (supported: " + supportedHeadDims(", ") + ")");
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

    /** The supported head dims as text, joined by {@code separator}. */
    public static String supportedHeadDims(String separator) {
        return Arrays.stream(SUPPORTED_HEAD_DIMS).mapToObj(Integer::toString)
                .collect(Collectors.joining(separator));
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
