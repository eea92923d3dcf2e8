package dev.graft.serve;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Greedy generation the plain way: at every step the whole sequence so far goes through
 * the graph as it was imported, and the last position's logits pick the next token. No
 * cache, no rewrite: the reference the cached path must agree with, and the fallback for
 * a model whose attention the rules do not recognise.
 */
public final class FullRecompute {
    private final Backend.Prepared executor;
    private final DecoderSignature signature;

    public FullRecompute(Graph graph, Backend backend) {
        this.signature = DecoderSignature.of(graph);
        this.executor = backend.prepare(graph);
    }

    public DecoderSignature signature() {
        return signature;
    }

    /** The token that follows {@code history}. */
    public int nextToken(int[] history) {
        Map<String, Tensor> out = executor.run(Map.of(signature.tokens(), Logits.tokens(signature, history)));
        return Logits.argmax(out.get(signature.logits()), history.length - 1);
    }

    /** {@code maxNewTokens} greedy tokens after {@code prompt}. */
    public int[] generate(int[] prompt, int maxNewTokens) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        for (int i = prompt.length; i < seq.length; i++) {
            seq[i] = nextToken(Arrays.copyOf(seq, i));
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }
}
