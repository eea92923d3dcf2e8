package dev.graft.pipeline.cli;

import dev.graft.pipeline.models.DecoderConfig;
import picocli.CommandLine.Option;

/**
 * The size of the synthetic model a command trains ({@code --layers --width --heads
 * --seq --vocab}), mixed into {@code train} and {@code bench-pipeline} with picocli's
 * {@code @Mixin} so both take the same options with the same defaults.
 */
public final class DecoderOptions {
    @Option(names = "--layers", defaultValue = "8", description = "blocks (default ${DEFAULT-VALUE})")
    public int layers;

    @Option(names = "--width", defaultValue = "64", description = "model width (default ${DEFAULT-VALUE})")
    public int width;

    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default ${DEFAULT-VALUE})")
    public int heads;

    @Option(names = "--seq", defaultValue = "32", description = "tokens per row (default ${DEFAULT-VALUE})")
    public int seq;

    @Option(names = "--vocab", defaultValue = "256",
            description = "vocabulary, or classes for an MLP (default ${DEFAULT-VALUE})")
    public int vocab;

    /** The decoder of this size, with attention fused or decomposed. */
    public DecoderConfig decoder(boolean fusedAttention) {
        return new DecoderConfig(layers, width, heads, seq, vocab, fusedAttention);
    }
}
