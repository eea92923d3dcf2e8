package dev.graft.pipeline.cuda;

import dev.graft.engine.graph.Node;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.ForwardingDevices;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Devices whose device {@code failing} throws from its {@code failAt}-th pass run, counting
 * from 0: F is one pass (two on the loss stage, which then adds the loss to the step's
 * sum), B two (inputs, then weights). On the last of two stages, 4 is F(1,1).
 */
final class FailingDevices extends ForwardingDevices {
    private final int failing;
    private final int failAt;
    private final AtomicInteger runs = new AtomicInteger();

    FailingDevices(Devices real, int failing, int failAt) {
        super(real);
        this.failing = failing;
        this.failAt = failAt;
    }

    @Override
    public NodeRunner runner(int device) {
        NodeRunner runner = real.runner(device);
        if (device != failing) {
            return runner;
        }
        return new NodeRunner() {
            @Override
            public StageValues values(StageValues step) {
                return runner.values(step);
            }

            @Override
            public void run(List<Node> nodes, StageValues values, List<String> outputs) {
                if (runs.getAndIncrement() == failAt) {
                    throw new ArithmeticException("injected failure");
                }
                runner.run(nodes, values, outputs);
            }
        };
    }
}
