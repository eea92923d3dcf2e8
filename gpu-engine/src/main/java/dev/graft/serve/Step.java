package dev.graft.serve;

import java.util.List;

/** One forward pass of a continuous batch: decode chunks first, then prefill chunks. */
public record Step(List<Chunk> chunks) {

    public Step {
        chunks = List.copyOf(chunks);
    }

    public int totalTokens() {
        return chunks.stream().mapToInt(c -> c.tokens().length).sum();
    }

    /** How many chunks sample a token, i.e. how many tokens {@link Scheduler#complete} expects. */
    public int samplingChunks() {
        return (int) chunks.stream().filter(Chunk::samples).count();
    }
}
