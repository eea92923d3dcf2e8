package dev.graft.pipeline.models;

import dev.graft.engine.cli.UserError;

/**
 * The shape of a synthetic decoder: {@code layers} pre-norm transformer blocks of
 * width {@code width} with {@code heads} attention heads and a 4·width GELU MLP,
 * over sequences of {@code seq} tokens from a vocabulary of {@code vocab}.
 * Attention is decomposed into MatMul, Softmax and a causal mask unless
 * {@code fusedAttention} asks for the single FusedAttention op.
 */
public record DecoderConfig(int layers, int width, int heads, int seq, int vocab, boolean fusedAttention) {

    public DecoderConfig {
        if (layers < 1 || width < 1 || heads < 1 || seq < 1 || vocab < 2) {
            throw new UserError("decoder needs layers, width, heads, seq ≥ 1 and vocab ≥ 2, got layers=" + layers
                    + " width=" + width + " heads=" + heads + " seq=" + seq + " vocab=" + vocab);
        }
        if (width % heads != 0) {
            throw new UserError("decoder width " + width + " is not a multiple of the head count " + heads);
        }
    }

    public int headDim() {
        return width / heads;
    }
}
