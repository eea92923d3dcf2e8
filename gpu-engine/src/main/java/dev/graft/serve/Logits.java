package dev.graft.serve;

import dev.graft.engine.tensor.Tensor;

/** Greedy sampling from logits {@code [1, T, vocab]}, and the token tensors a step feeds. */
final class Logits {
    private Logits() {
    }

    /** The index of the largest logit of row {@code row}; the first one on ties, as torch.argmax. */
    static int argmax(Tensor logits, int row) {
        int vocab = logits.dim(logits.rank() - 1);
        float[] data = logits.floats();
        int base = row * vocab;
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (data[base + i] > data[base + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Token ids as the model's input {@code [1, T]}, in its integer type. */
    static Tensor tokens(DecoderSignature signature, int[] ids) {
        return Tensor.ofLongs(signature.tokenType(), new int[] {1, ids.length}, longs(ids));
    }

    /** Indices as {@link ServingGraph#POSITIONS} and {@link ServingGraph#SAMPLED_ROWS} take them, {@code int64 [n]}. */
    static Tensor positions(int[] positions) {
        return Tensor.ofLongs(new int[] {positions.length}, longs(positions));
    }

    private static long[] longs(int[] ids) {
        long[] data = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            data[i] = ids[i];
        }
        return data;
    }
}
