package dev.graft.engine.cpu;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;

/** The CPU reference backend, {@code --backend cpu}. */
public final class CpuBackend implements Backend {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Prepared prepare(Graph graph) {
        return new CpuExecutor(graph)::run;
    }
}
