package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import java.util.HashSet;
import java.util.Set;

/** Fresh node names for replacements, derived from the rewritten node's name: {@code node_matmul_2/attention}. */
final class NodeNames {
    private final Set<String> taken = new HashSet<>();

    NodeNames(Graph g) {
        for (Node n : g.nodes()) {
            taken.add(n.name());
        }
    }

    String fresh(String hint) {
        String name = hint;
        for (int i = 1; !taken.add(name); i++) {
            name = hint + "/" + i;
        }
        return name;
    }

    void release(String name) {
        taken.remove(name);
    }
}
