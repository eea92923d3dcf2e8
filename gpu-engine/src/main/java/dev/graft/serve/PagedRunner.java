package dev.graft.serve;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.Tensor;
import java.util.Map;

/**
 * Runs steps through a graph prepared by {@link ServingGraph}: all of a step's new tokens
 * go through the graph at once as one row of T tokens with their positions, every
 * PagedAttention node appends to and reads from the cache, and the logits of each sampling
 * chunk's last token (the only rows the graph computes logits for) give its next token.
 */
public final class PagedRunner implements StepRunner {
    private final Backend.Prepared executor;
    private final DecoderSignature signature;
    private final KvStore pages;
    private final int attentionLayers;

    public PagedRunner(Graph servingGraph, Backend backend, KvStore pages) {
        this.signature = DecoderSignature.of(servingGraph);
        this.executor = backend.prepare(servingGraph);
        this.pages = pages;
        this.attentionLayers = (int) servingGraph.nodes().stream().filter(n -> n.op().equals(PagedAttention.NAME)).count();
    }

    @Override
    public int[] run(Step step) {
        int[] rows = step.qoIndptr();
        int[] sampledRows = new int[step.samplingChunks()];
        int next = 0;
        for (int r = 0; r < step.chunks().size(); r++) {
            if (step.chunks().get(r).samples()) {
                sampledRows[next++] = rows[r + 1] - 1;
            }
        }
        Map<String, Tensor> inputs = Map.of(signature.tokens(), Logits.tokens(signature, step.tokens()),
                ServingGraph.POSITIONS, Logits.positions(step.positions()),
                ServingGraph.SAMPLED_ROWS, Logits.positions(sampledRows));
        Tensor logits = ScopedValue.where(PagedStep.CURRENT, PagedStep.of(pages, step))
                .call(() -> executor.run(inputs)).get(signature.logits());
        int[] sampled = new int[sampledRows.length];
        for (int i = 0; i < sampled.length; i++) {
            sampled[i] = Logits.argmax(logits, i);
        }
        return sampled;
    }

    @Override
    public void admit(GenerationRequest request) {
        pages.admit(request);
    }

    @Override
    public void forget(int request) {
        pages.release(request);
    }

    @Override
    public String describe() {
        return pages.describe(attentionLayers);
    }
}
