package dev.graft.serve.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** Weights filled in parallel blocks: the bits depend on the seed only, the spread is transformers'. */
class RandomWeightsTest {

    @Test
    void sameBitsOnOneCoreAsOnMany() throws Exception {
        int[] shape = {3, 1_100_000};
        float[] many = new RandomWeights(4).normal(shape).floats();
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            float[] single = one.submit(() -> new RandomWeights(4).normal(shape).floats()).get();
            assertArrayEquals(many, single);
        } finally {
            one.shutdown();
        }
        assertFalse(Arrays.equals(many, new RandomWeights(5).normal(shape).floats()));
        double mean = 0;
        double square = 0;
        for (float x : many) {
            mean += x;
            square += (double) x * x;
        }
        mean /= many.length;
        assertEquals(0, mean, 1e-4);
        assertEquals(0.02, Math.sqrt(square / many.length - mean * mean), 1e-4);
    }
}
