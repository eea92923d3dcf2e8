package dev.graft.serve;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.OptionalInt;

/**
 * Where a decoder graph computes token positions, as the exporter writes it: a
 * {@code Range(0, n, 1)} with n the length of the token input's axis 1. And how many
 * positions the model has, when it looks them up in a table (GPT-2's learned position
 * embedding: a Gather from an initializer of that many rows).
 */
final class Positions {
    private Positions() {
    }

    /** The position Ranges over {@code tokens}' sequence axis. */
    static List<Node> ranges(Graph g, Value tokens) {
        return g.nodes().stream().filter(n -> n.op().equals("Range") && n.domain().isEmpty()
                && isConstant(n.input(0), 0) && isConstant(n.input(2), 1) && isSequenceLength(n.input(1), tokens)).toList();
    }

    /** The fewest rows of a table the positions index, if any does. */
    static OptionalInt limit(Graph g, List<Node> ranges) {
        return ranges.stream().flatMapToInt(r -> tableRows(g, r.output(0)).stream()).min();
    }

    private static OptionalInt tableRows(Graph g, Value positions) {
        OptionalInt fewest = OptionalInt.empty();
        for (Node n : g.consumers(positions)) {
            OptionalInt rows = switch (n.op()) {
                case "Gather" -> n.input(1) == positions && n.input(0).isInitializer()
                        ? OptionalInt.of(n.input(0).constant().dim(0)) : OptionalInt.empty();
                case "Unsqueeze", "Reshape", "Cast", "Squeeze", "Identity", "Expand" -> tableRows(g, n.output(0));
                default -> OptionalInt.empty();
            };
            if (rows.isPresent() && (fewest.isEmpty() || rows.getAsInt() < fewest.getAsInt())) {
                fewest = rows;
            }
        }
        return fewest;
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
