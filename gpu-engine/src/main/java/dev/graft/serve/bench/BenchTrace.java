package dev.graft.serve.bench;

import dev.graft.serve.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded request trace: arrivals of a Poisson process at {@code rate} requests per
 * second (all at time 0 when the rate is infinite), lengths from a
 * {@link LengthDistribution}, prompt tokens uniform over the vocabulary.
 */
public record BenchTrace(List<Arrival> arrivals) {

    /** A request and when it arrives, in nanoseconds after the start. */
    public record Arrival(GenerationRequest request, long atNanos) {
    }

    public static BenchTrace generate(int requests, double rate, LengthDistribution lengths, int vocab, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Arrival> out = new ArrayList<>();
        double t = 0;
        for (int id = 0; id < requests; id++) {
            if (!Double.isInfinite(rate)) {
                t += -Math.log(1 - random.nextDouble()) / rate;
            }
            int[] prompt = new int[lengths.prompt(random)];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = random.nextInt(vocab);
            }
            out.add(new Arrival(new GenerationRequest(id, prompt, lengths.output(random)), (long) (t * 1e9)));
        }
        return new BenchTrace(out);
    }
}
