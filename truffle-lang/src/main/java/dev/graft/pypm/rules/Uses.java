package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who reads each value, kept up to date as the engine rewires, so that replacing a
 * value's uses and finding nodes that died costs time in the size of the change, not
 * of the graph. Dead nodes are only marked here; the graph drops them after a pass.
 */
final class Uses {
    private record Use(Node node, int index) {
    }

    private final Graph graph;
    /** Readers as insertion-ordered sets: a value read by every layer (a mask, a rotary table) loses readers in O(1). */
    private final Map<Value, Set<Use>> readers = new IdentityHashMap<>();
    private final Set<Value> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> dead = Collections.newSetFromMap(new IdentityHashMap<>());

    Uses(Graph graph) {
        this.graph = graph;
        outputs.addAll(graph.outputs());
        graph.nodes().forEach(this::add);
    }

    /** Records the reads of a node that was just added. */
    void add(Node n) {
        for (int i = 0; i < n.inputs().size(); i++) {
            Value in = n.input(i);
            if (in != null) {
                readers.computeIfAbsent(in, k -> new LinkedHashSet<>()).add(new Use(n, i));
            }
        }
    }

    /** The nodes reading {@code v}, in the order they started reading it. */
    List<Node> readers(Value v) {
        Set<Use> uses = readers.get(v);
        return uses == null ? List.of() : uses.stream().map(Use::node).distinct().toList();
    }

    boolean isDead(Node n) {
        return dead.contains(n);
    }

    /**
     * Makes every reader of {@code old} read {@code replacement}, then marks dead the
     * producers that nothing reads any more, transitively.
     */
    void replace(Value old, Value replacement) {
        Set<Use> uses = readers.remove(old);
        if (uses != null) {
            for (Use u : uses) {
                graph.setInput(u.node(), u.index(), replacement);
            }
            readers.computeIfAbsent(replacement, k -> new LinkedHashSet<>()).addAll(uses);
        }
        if (outputs.remove(old)) {
            graph.replaceAllUses(old, replacement);
            outputs.add(replacement);
        }
        collect(old.producer());
    }

    private void collect(Node n) {
        List<Node> work = new ArrayList<>();
        work.add(n);
        while (!work.isEmpty()) {
            Node node = work.removeLast();
            if (node == null || dead.contains(node) || node.outputs().stream().anyMatch(this::isRead)) {
                continue;
            }
            dead.add(node);
            for (int i = 0; i < node.inputs().size(); i++) {
                Value in = node.input(i);
                if (in == null) {
                    continue;
                }
                Set<Use> uses = readers.get(in);
                if (uses != null) {
                    uses.remove(new Use(node, i));
                    if (uses.isEmpty()) {
                        readers.remove(in);
                    }
                }
                work.add(in.producer());
            }
        }
    }

    private boolean isRead(Value v) {
        return outputs.contains(v) || readers.containsKey(v);
    }
}
