package dev.graft.serve.synth;

import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded random weights with the spread transformers initializes Llama with (normal,
 * standard deviation 0.02; norm weights one), so synthesized models behave like the
 * shared tiny ones. One generator per model: the same spec and seed give the same bits.
 */
final class RandomWeights {
    private static final double INIT_STD = 0.02;
    private final SplittableRandom random;

    RandomWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Tensor normal(int... shape) {
        float[] data = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * INIT_STD);
        }
        return Tensor.ofFloats(shape, data);
    }

    static Tensor ones(int n) {
        float[] data = new float[n];
        Arrays.fill(data, 1f);
        return Tensor.ofFloats(new int[] {n}, data);
    }
}
