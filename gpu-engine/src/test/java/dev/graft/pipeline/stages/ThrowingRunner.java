package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Node;
import dev.graft.engine.train.HostValues;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import java.util.List;

/** A runner whose every pass throws {@code failure}: a device that fails. */
final class ThrowingRunner implements NodeRunner {
    private final RuntimeException failure;

    ThrowingRunner(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public StageValues values(StageValues step) {
        return new HostValues((HostValues) step);
    }

    @Override
    public void run(List<Node> nodes, StageValues values, List<String> outputs) {
        throw failure;
    }
}
