package dev.graft.pipeline.models;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.TrainableModel;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A model that needs no file, with batches to train it on: {@code synth:decoder}
 * (next-token prediction on random tokens) or {@code synth:mlp} (classification
 * of random vectors). {@code itemsPerRow} is what throughput counts per batch
 * row: tokens for the decoder, samples for the MLP.
 *
 * @param batches a batch of the configured size for each seed
 */
public record SyntheticTask(TrainableModel model, LongFunction<Map<String, Tensor>> batches, int itemsPerRow,
                            String unit) {

    /** The shapes a synthetic model is built with; the MLP uses layers and width only. */
    public record Shape(int layers, int width, int heads, int seq, int vocab, boolean fusedAttention, int batch) {
    }

    public static SyntheticTask of(String name, Shape s, int stages, long seed) {
        return switch (name) {
            case "synth:decoder" -> new SyntheticTask(
                    SyntheticDecoder.build(new DecoderConfig(s.layers(), s.width(), s.heads(), s.seq(), s.vocab(),
                            s.fusedAttention()), stages, seed),
                    k -> SyntheticBatch.tokens(s.batch(), s.seq(), s.vocab(), k), s.seq(), "tokens");
            case "synth:mlp" -> new SyntheticTask(SyntheticMlp.build(s.layers(), s.width(), s.vocab(), stages, seed),
                    k -> SyntheticBatch.classification(s.batch(), s.width(), s.vocab(), k), 1, "samples");
            default -> throw new UserError("unknown model '" + name + "': graft train builds synth:decoder or synth:mlp"
                    + " (training a model file needs a loss, which ONNX inference models lack)");
        };
    }
}
