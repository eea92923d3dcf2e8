package dev.graft.pipeline.runtime;

import dev.graft.engine.run.Backend;
import dev.graft.engine.train.BackendNodeRunner;
import dev.graft.engine.train.NodeRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Devices that run their passes, forward and backward, through a {@link Backend},
 * as GPU workers do, with CPU messages: the path of the CUDA workers, checked on the
 * CPU backend in CI. A failing device can be made to throw from its runner.
 */
public final class BackendDevices extends InProcessDevices {
    private final List<NodeRunner> runners = new ArrayList<>();

    public BackendDevices(int count, Backend backend) {
        this(count, backend, d -> null);
    }

    /** @param failing per device, a runner to use instead (one that throws), or null */
    public BackendDevices(int count, Backend backend, IntFunction<NodeRunner> failing) {
        for (int d = 0; d < count; d++) {
            NodeRunner replacement = failing.apply(d);
            runners.add(replacement != null ? replacement : new BackendNodeRunner(backend));
        }
    }

    @Override
    public String describe(int count) {
        return count + " backend workers";
    }

    @Override
    public void requireCount(int count) {
        if (count != runners.size()) {
            throw new IllegalArgumentException(count + " devices asked, " + runners.size() + " made");
        }
    }

    @Override
    public NodeRunner runner(int device) {
        return runners.get(device);
    }
}
