package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which stages read the forward outputs of which: stage {@code s} receives
 * activations from each stage in {@code producers(s)} and sends their gradients
 * back. A plain pipeline is a chain; a value used by several later stages (a
 * residual stream that skips a stage, tied embeddings) adds more edges. Producers
 * always come before their consumers, so stage order is a topological order.
 * Both directions are kept in ascending order, so that messages are always
 * received in the same order.
 */
public final class StageGraph {
    private final List<Set<Integer>> producers = new ArrayList<>();
    private final List<Set<Integer>> consumers = new ArrayList<>();

    public StageGraph(List<? extends Set<Integer>> producers) {
        int n = producers.size();
        List<TreeSet<Integer>> readers = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            readers.add(new TreeSet<>());
        }
        for (int s = 0; s < n; s++) {
            TreeSet<Integer> from = new TreeSet<>(producers.get(s));
            for (int p : from) {
                if (p < 0 || p >= s) {
                    throw new IllegalArgumentException("stage " + s + " cannot read from stage " + p
                            + ": a stage reads only from earlier stages");
                }
                readers.get(p).add(s);
            }
            this.producers.add(Collections.unmodifiableSortedSet(from));
        }
        readers.forEach(r -> consumers.add(Collections.unmodifiableSortedSet(r)));
    }

    /** Stages 0 → 1 → … → n−1. */
    public static StageGraph chain(int n) {
        List<Set<Integer>> producers = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            producers.add(s == 0 ? Set.of() : Set.of(s - 1));
        }
        return new StageGraph(producers);
    }

    public int stageCount() {
        return producers.size();
    }

    /** Stages whose activations stage {@code s} reads in its forward pass. */
    public Set<Integer> producers(int s) {
        return producers.get(s);
    }

    /** Stages that read the activations of stage {@code s}, and so send it gradients. */
    public Set<Integer> consumers(int s) {
        return consumers.get(s);
    }
}
