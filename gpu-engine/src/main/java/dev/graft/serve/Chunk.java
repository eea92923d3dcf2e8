package dev.graft.serve;

/**
 * The tokens one request feeds into one step: {@code tokens} at positions
 * {@code start .. start + tokens.length)}. A prefill chunk carries part of the prompt; a
 * decode chunk carries the last generated token. The step appends their keys and values
 * to the request's pages; when {@code samples} is set, the logits of the last token give
 * the request's next token.
 *
 * @param pages the request's pages, in token order, covering at least {@link #kvLength()} tokens
 */
public record Chunk(int request, int[] tokens, int start, boolean samples, int[] pages) {

    /** Keys and values the request holds once this chunk is appended. */
    public int kvLength() {
        return start + tokens.length;
    }
}
