package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sum of several tensors of one shape as a pass of standard Add nodes, which a
 * {@link NodeRunner} runs where it keeps values: on a GPU, Add kernels on the GPU, so a
 * gradient that arrives from several consumer stages is summed there with no copy
 * through the host. One node list per number of terms, shared by every stage and step,
 * since a device runner prepares a node list once per shape and reuses it.
 */
public final class SumPass {
    private static final Map<Integer, SumPass> BY_TERMS = new ConcurrentHashMap<>();

    private final List<String> terms = new ArrayList<>();
    private final String total;
    private final List<Node> nodes;

    private SumPass(int count) {
        UpdateNodes g = new UpdateNodes();
        Value sum = null;
        for (int i = 0; i < count; i++) {
            Value term = g.input("⟳term" + i);
            terms.add(term.name());
            sum = sum == null ? term : g.add(sum, term);
        }
        total = sum.name();
        nodes = g.nodes();
    }

    /** The pass that adds up {@code count} ≥ 2 tensors. */
    public static SumPass of(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("a sum of " + count + " terms");
        }
        return BY_TERMS.computeIfAbsent(count, SumPass::new);
    }

    /**
     * Sets {@code as} in {@code into} to the sum of {@code carried} (values as messages
     * carry them, {@link StageValues#take}), computed by {@code runner} where it keeps
     * {@code into}; the terms are freed once summed.
     */
    public void run(NodeRunner runner, StageValues into, String as, List<Object> carried) {
        if (carried.size() != terms.size()) {
            throw new IllegalArgumentException("a sum of " + terms.size() + " terms was given " + carried.size());
        }
        try (StageValues scratch = runner.values(into)) {
            for (int i = 0; i < terms.size(); i++) {
                scratch.take(terms.get(i), carried.get(i));
            }
            runner.run(nodes, scratch, List.of(total));
            scratch.move(total, into, as);
        }
    }
}
