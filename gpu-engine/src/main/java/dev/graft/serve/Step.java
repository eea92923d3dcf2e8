package dev.graft.serve;

import dev.graft.attention.PageTable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One forward pass of a continuous batch: decode chunks first, then prefill chunks. Its
 * tokens are laid out ragged, chunk after chunk, the way the attention library reads
 * queries ({@link #qoIndptr()}), and its pages as the library's CSR {@link PageTable}.
 */
public record Step(List<Chunk> chunks) {

    public Step {
        chunks = List.copyOf(chunks);
    }

    public int totalTokens() {
        return qoIndptr()[chunks.size()];
    }

    /** How many chunks sample a token, i.e. how many tokens {@link Scheduler#complete} expects. */
    public int samplingChunks() {
        return (int) chunks.stream().filter(Chunk::samples).count();
    }

    /** Chunk r owns rows {@code qoIndptr[r] .. qoIndptr[r+1])} of the step's tokens; they are also the rows it appends. */
    public int[] qoIndptr() {
        int[] indptr = new int[chunks.size() + 1];
        for (int r = 0; r < chunks.size(); r++) {
            indptr[r + 1] = indptr[r] + chunks.get(r).tokens().length;
        }
        return indptr;
    }

    /** The pages each chunk's request reads once this step's keys and values are appended. */
    public PageTable pageTable(int pageSize) {
        int[] indptr = new int[chunks.size() + 1];
        int[] last = new int[chunks.size()];
        for (int r = 0; r < chunks.size(); r++) {
            int kv = chunks.get(r).kvLength();
            int pages = (kv + pageSize - 1) / pageSize;
            indptr[r + 1] = indptr[r] + pages;
            last[r] = kv - (pages - 1) * pageSize;
        }
        int[] indices = new int[indptr[chunks.size()]];
        for (int r = 0; r < chunks.size(); r++) {
            System.arraycopy(chunks.get(r).pages(), 0, indices, indptr[r], indptr[r + 1] - indptr[r]);
        }
        return new PageTable(indptr, indices, last, pageSize);
    }

    /** Every token of the step in row order. */
    public int[] tokens() {
        return chunks.stream().flatMapToInt(c -> Arrays.stream(c.tokens())).toArray();
    }

    /** The position of every token of the step in its request, in row order. */
    public int[] positions() {
        return chunks.stream().flatMapToInt(c -> IntStream.range(c.start(), c.kvLength())).toArray();
    }
}
