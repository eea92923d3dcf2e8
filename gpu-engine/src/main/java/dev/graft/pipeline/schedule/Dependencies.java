package dev.graft.pipeline.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks each task must wait for: F(s,m) needs F(p,m) of every producer p of s;
 * B(s,m) needs F(s,m) (its stashed activations) and B(c,m) of every consumer c;
 * W(s,m) needs B(s,m). A dependency on a task of another device is a message that
 * the runtime receives; one on the same device is program order.
 */
public final class Dependencies {
    private final StageGraph graph;

    public Dependencies(StageGraph graph) {
        this.graph = graph;
    }

    public List<Task> of(Task t) {
        List<Task> deps = new ArrayList<>();
        switch (t.kind()) {
            case F -> graph.producers(t.stage()).forEach(p -> deps.add(Task.f(p, t.microbatch())));
            case B -> {
                deps.add(t.as(TaskKind.F));
                graph.consumers(t.stage()).forEach(c -> deps.add(Task.b(c, t.microbatch())));
            }
            case W -> deps.add(t.as(TaskKind.B));
        }
        return deps;
    }
}
