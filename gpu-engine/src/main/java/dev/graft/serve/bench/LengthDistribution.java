package dev.graft.serve.bench;

import dev.graft.engine.cli.UserError;
import java.util.SplittableRandom;

/**
 * Prompt and output lengths of a benchmark trace. {@code uniform:A-B} draws both
 * uniformly from A..B. {@code sharegpt-like} has the shape of the ShareGPT conversations
 * serving papers replay (log-normal, heavy right tail, outputs longer than prompts on
 * average) scaled down for small models: prompt median 24 tokens, output median 32,
 * each capped at {@code cap} tokens. It is a shape-alike, not the dataset.
 */
public sealed interface LengthDistribution {

    int prompt(SplittableRandom random);

    int output(SplittableRandom random);

    record Uniform(int min, int max) implements LengthDistribution {
        @Override
        public int prompt(SplittableRandom random) {
            return random.nextInt(min, max + 1);
        }

        @Override
        public int output(SplittableRandom random) {
            return random.nextInt(min, max + 1);
        }
    }

    record ShareGptLike(int cap) implements LengthDistribution {
        @Override
        public int prompt(SplittableRandom random) {
            return logNormal(random, 24, 0.9);
        }

        @Override
        public int output(SplittableRandom random) {
            return logNormal(random, 32, 0.8);
        }

        private int logNormal(SplittableRandom random, double median, double sigma) {
            double x = median * Math.exp(sigma * random.nextGaussian());
            return (int) Math.max(1, Math.min(cap, Math.round(x)));
        }
    }

    /** Reads {@code sharegpt-like} or {@code uniform:A-B}. */
    static LengthDistribution parse(String text, int cap) {
        if (text.equals("sharegpt-like")) {
            return new ShareGptLike(cap);
        }
        if (text.startsWith("uniform:")) {
            String[] ab = text.substring("uniform:".length()).split("-");
            try {
                int a = Integer.parseInt(ab[0].trim());
                int b = Integer.parseInt(ab[1].trim());
                if (ab.length == 2 && a >= 1 && b >= a) {
                    return new Uniform(a, b);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // reported below with the accepted forms
            }
        }
        throw new UserError("--lengths '" + text + "': expected sharegpt-like or uniform:A-B with 1 <= A <= B");
    }
}
