package dev.graft.serve;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs steps without a cache: each sampling chunk's request goes through
 * {@link FullRecompute} with its whole history. Slow (quadratic in the length), but it
 * serves any decoder, including one whose attention the rules do not recognise.
 */
public final class RecomputeRunner implements StepRunner {
    private final FullRecompute model;
    private final Map<Integer, int[]> histories = new HashMap<>();

    public RecomputeRunner(FullRecompute model) {
        this.model = model;
    }

    @Override
    public int[] run(Step step) {
        int[] sampled = new int[step.samplingChunks()];
        int next = 0;
        for (Chunk c : step.chunks()) {
            int[] history = Arrays.copyOf(histories.getOrDefault(c.request(), new int[0]), c.kvLength());
            System.arraycopy(c.tokens(), 0, history, c.start(), c.tokens().length);
            histories.put(c.request(), history);
            if (c.samples()) {
                sampled[next++] = model.nextToken(history);
            }
        }
        return sampled;
    }

    @Override
    public void forget(int request) {
        histories.remove(request);
    }

    @Override
    public String describe() {
        return "unfused, full recomputation at every step";
    }
}
