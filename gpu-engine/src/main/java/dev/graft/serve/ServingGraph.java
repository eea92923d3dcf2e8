package dev.graft.serve;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
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
        List<Node> ranges = g.nodes().stream().filter(n -> isPositionRange(n, tokens)).toList();
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

    /** {@code Range(0, n, 1)} where n is the length of the token input's axis 1. */
    private static boolean isPositionRange(Node n, Value tokens) {
        return n.op().equals("Range") && n.domain().isEmpty() && isConstant(n.input(0), 0) && isConstant(n.input(2), 1)
                && isSequenceLength(n.input(1), tokens);
    }

    private static boolean isConstant(Value v, long expected) {
        Tensor c = v == null ? null : v.constant();
        return c != null && c.size() == 1 && c.getLong(0) == expected;
    }

    /** Whether {@code v} is the size of axis 1 of {@code tokens}, as the exporter writes it. */
    private static boolean isSequenceLength(Value v, Value tokens) {
        Node p = v == null ? null : v.producer();
        if (p == null) {
            return false;
        }
        return switch (p.op()) {
            case "Squeeze", "Cast", "Reshape", "Identity" -> isSequenceLength(p.input(0), tokens);
            case "Shape" -> p.input(0) == tokens && p.attributes().getInt("start", 0) == 1
                    && p.attributes().getInt("end", Long.MAX_VALUE) == 2;
            case "Gather" -> p.input(0).producer() != null && p.input(0).producer().op().equals("Shape")
                    && p.input(0).producer().input(0) == tokens && p.attributes().getInt("axis", 0) == 0
                    && isConstant(p.input(1), 1);
            default -> false;
        };
    }
}
