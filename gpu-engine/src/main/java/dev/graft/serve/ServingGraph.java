package dev.graft.serve;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import java.util.List;

/**
 * Prepares a rewritten decoder graph for serving through the paged KV cache. A step feeds
 * the graph one row of T new tokens from many requests ({@code input_ids [1, T]}), so two
 * things that assumed "one sequence from position 0" change:
 * <ul>
 * <li>positions: the exporter computes them as {@code Range(0, seq, 1)} over the token
 * input's sequence axis; that Range is replaced by a new input {@value #POSITIONS}
 * {@code int64 [seq]} holding each token's position in its own request;
 * <li>attention: every {@code PagedAttention} node (made from FusedAttention by the
 * serving rule) reads its request's keys from the cache instead of the row's.
 * </ul>
 * The causal mask the exporter built from the old positions is then dead and removed.
 * Every other op of a decoder works token by token, so it is indifferent to the layout.
 */
public final class ServingGraph {
    public static final String POSITIONS = "position_ids";

    private ServingGraph() {
    }

    /**
     * A copy of {@code rewritten}, typed, ready for {@link PagedRunner}.
     *
     * @throws NotServableException when the graph has no PagedAttention nodes or no recognisable positions
     */
    public static Graph prepare(Graph rewritten) {
        Graph g = rewritten.copy();
        DecoderSignature signature = DecoderSignature.of(g);
        Value tokens = g.value(signature.tokens());
        long attention = g.nodes().stream().filter(n -> n.op().equals(PagedAttention.NAME)).count();
        if (attention == 0) {
            throw new NotServableException("graph '" + g.name() + "' has no attention the rules recognise as causal"
                    + " (no PagedAttention node after rewriting)");
        }
        List<Node> ranges = Positions.ranges(g, tokens);
        if (ranges.isEmpty()) {
            throw new NotServableException("graph '" + g.name() + "': no Range(0, seq, 1) over the sequence axis of '"
                    + tokens.name() + "' found, so positions cannot be fed per token");
        }
        Dim seq = tokens.type().shape().dim(1);
        Value positions = g.addInput(POSITIONS, TensorType.of(DType.INT64, seq));
        for (Node r : ranges) {
            g.replaceAllUses(r.output(0), positions);
        }
        g.removeDeadNodes();
        TypeInference.run(g);
        return g;
    }
}
