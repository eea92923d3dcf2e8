package dev.graft.serve.synth;

import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded random weights with the spread transformers initializes Llama with (normal,
 * standard deviation 0.02; norm weights one), so synthesized models behave like the
 * shared tiny ones. The same spec and seed give the same bits. A tensor is filled in
 * blocks on every core: each block draws from its own generator, split off the model's
 * in block order, so the bits do not depend on how many cores there are (Llama-3-8B's
 * eight billion draws take minutes on one core).
 */
final class RandomWeights {
    private static final double INIT_STD = 0.02;
    private static final int BLOCK = 1 << 20;
    private final SplittableRandom random;

    RandomWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Tensor normal(int... shape) {
        float[] data = new float[Tensor.sizeOf(shape)];
        int blocks = (data.length + BLOCK - 1) / BLOCK;
        SplittableRandom[] streams = new SplittableRandom[blocks];
        for (int b = 0; b < blocks; b++) {
            streams[b] = random.split();
        }
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom r = streams[b];
            for (int i = b * BLOCK, end = Math.min(data.length, i + BLOCK); i < end; i++) {
                data[i] = (float) (r.nextGaussian() * INIT_STD);
            }
        });
        return Tensor.ofFloats(shape, data);
    }

    static Tensor ones(int n) {
        float[] data = new float[n];
        Arrays.fill(data, 1f);
        return Tensor.ofFloats(new int[] {n}, data);
    }
}
