package dev.graft.pipeline.models;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/** Seeded random batches for the synthetic models. */
public final class SyntheticBatch {
    private SyntheticBatch() {
    }

    /** Inputs x (rows, width) from N(0, 1) and labels (rows) in 0..classes−1. */
    public static Map<String, Tensor> classification(int rows, int width, int classes, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        long[] labels = new long[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(classes);
        }
        return Map.of("x", Tensor.ofFloats(DType.FLOAT32, new int[]{rows, width}, x),
                "labels", Tensor.ofLongs(new int[]{rows}, labels));
    }

    /** Token ids "tokens" (rows, length) and their next-token "labels", both in 0..vocab−1. */
    public static Map<String, Tensor> tokens(int rows, int length, int vocab, long seed) {
        return tokens("tokens", rows, length, vocab, seed);
    }

    /** The same with the ids under another input name. */
    public static Map<String, Tensor> tokens(String idsName, int rows, int length, int vocab, long seed) {
        Random r = new Random(seed);
        long[] stream = new long[rows * (length + 1)];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = r.nextInt(vocab);
        }
        long[] tokens = new long[rows * length];
        long[] labels = new long[rows * length];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < length; t++) {
                tokens[b * length + t] = stream[b * (length + 1) + t];
                labels[b * length + t] = stream[b * (length + 1) + t + 1];
            }
        }
        return Map.of(idsName, Tensor.ofLongs(new int[]{rows, length}, tokens),
                "labels", Tensor.ofLongs(new int[]{rows, length}, labels));
    }
}
