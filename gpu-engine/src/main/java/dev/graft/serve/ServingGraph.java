package dev.graft.serve;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
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
 * Last, only the rows that sample a token need logits: a new input {@value #SAMPLED_ROWS}
 * {@code int64[sampled]} picks them (a Gather on the token axis) before the lm_head
 * MatMul, or from the logits when they are not made by one, so a long prompt chunk does
 * not pay for a vocabulary-wide product per token.
 */
public final class ServingGraph {
    public static final String POSITIONS = "position_ids";
    public static final String SAMPLED_ROWS = "sampled_rows";

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
        sampleRowsOnly(g, g.value(signature.logits()));
        g.removeDeadNodes();
        TypeInference.run(g);
        return g;
    }

    private static void sampleRowsOnly(Graph g, Value logits) {
        Value rows = g.addInput(SAMPLED_ROWS, TensorType.of(DType.INT64, Dim.symbol("sampled")));
        Attributes tokenAxis = Attributes.NONE.with("axis", new Attribute.Int(1));
        Node head = logits.producer();
        boolean lmHead = head != null && head.op().equals("MatMul") && head.domain().isEmpty() && g.consumers(logits).isEmpty()
                && head.input(0).type() != null && head.input(0).type().rank() == 3;
        Value sampled;
        if (lmHead) {
            Value picked = g.addNode("Gather", tokenAxis, head.input(0), rows).output(0);
            sampled = g.addNode("MatMul", head.attributes(), picked, head.input(1)).output(0);
        } else {
            sampled = g.addNode("Gather", tokenAxis, logits, rows).output(0);
        }
        g.replaceAllUses(logits, sampled);
    }
}
