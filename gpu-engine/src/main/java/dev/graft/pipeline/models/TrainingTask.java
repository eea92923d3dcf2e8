package dev.graft.pipeline.models;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.TrainableModel;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A model with batches to train it on. Synthetic models need no file:
 * {@code synth:decoder} (next-token prediction on random tokens) and
 * {@code synth:mlp} (classification of random vectors); a language-model file
 * is trained by {@link LanguageModelFile}. {@code itemsPerRow} is what
 * throughput counts per batch row: tokens, or samples for the MLP.
 *
 * @param batches a batch of the configured size for each seed
 */
public record TrainingTask(TrainableModel model, LongFunction<Map<String, Tensor>> batches, int itemsPerRow,
                           String unit) {

    /** The shapes a model is built or fed with; the MLP uses layers and width only, a file batch and seq. */
    public record Shape(int layers, int width, int heads, int seq, int vocab, boolean fusedAttention, int batch) {
    }

    /** {@code synth:decoder} or {@code synth:mlp}, with a stage boundary before each layer that starts a stage. */
    public static TrainingTask synthetic(String name, Shape s, int stages, long seed) {
        return switch (name) {
            case "synth:decoder" -> new TrainingTask(
                    SyntheticDecoder.build(new DecoderConfig(s.layers(), s.width(), s.heads(), s.seq(), s.vocab(),
                            s.fusedAttention()), stages, seed),
                    k -> SyntheticBatch.tokens(s.batch(), s.seq(), s.vocab(), k), s.seq(), "tokens");
            case "synth:mlp" -> new TrainingTask(SyntheticMlp.build(s.layers(), s.width(), s.vocab(), stages, seed),
                    k -> SyntheticBatch.classification(s.batch(), s.width(), s.vocab(), k), 1, "samples");
            default -> throw new UserError("unknown model '" + name + "': synthetic models are synth:decoder and"
                    + " synth:mlp");
        };
    }
}
