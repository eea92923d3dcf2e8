package dev.graft.engine.run;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.OpRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * Graphviz DOT for a graph: graph inputs and outputs as ellipses, nodes as boxes
 * labelled with op and name, edges labelled with the value's type. Initializers
 * are listed in their reader's label rather than drawn, which keeps weight-heavy
 * graphs readable.
 */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(Graph g) {
        StringBuilder sb = new StringBuilder("digraph ").append(quote(g.name())).append(" {\n");
        sb.append("  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        Map<Value, String> source = new HashMap<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            Value v = g.inputs().get(i);
            source.put(v, "in" + i);
            sb.append("  in").append(i).append(" [shape=ellipse, label=").append(quote(v.name() + "\n" + v.type())).append("];\n");
        }
        for (int i = 0; i < g.nodes().size(); i++) {
            Node n = g.nodes().get(i);
            StringBuilder label = new StringBuilder(OpRegistry.key(n.domain(), n.op())).append("\n").append(n.name());
            for (Value in : n.inputs()) {
                if (in != null && in.isInitializer()) {
                    label.append("\n").append(in.name()).append(": ").append(in.type());
                }
            }
            sb.append("  n").append(i).append(" [shape=box, label=").append(quote(label.toString())).append("];\n");
            for (Value out : n.outputs()) {
                source.put(out, "n" + i);
            }
        }
        for (int i = 0; i < g.nodes().size(); i++) {
            for (Value in : g.nodes().get(i).inputs()) {
                if (in != null && source.containsKey(in)) {
                    edge(sb, source.get(in), "n" + i, in);
                }
            }
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            Value v = g.outputs().get(i);
            sb.append("  out").append(i).append(" [shape=ellipse, label=").append(quote(v.name())).append("];\n");
            if (source.containsKey(v)) {
                edge(sb, source.get(v), "out" + i, v);
            }
        }
        return sb.append("}\n").toString();
    }

    private static void edge(StringBuilder sb, String from, String to, Value v) {
        sb.append("  ").append(from).append(" -> ").append(to).append(" [label=")
                .append(quote(v.type() == null ? v.name() : String.valueOf(v.type()))).append("];\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
