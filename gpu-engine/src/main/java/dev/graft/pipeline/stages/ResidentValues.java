package dev.graft.pipeline.stages;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import java.util.HashMap;
import java.util.Map;

/**
 * What one device keeps from step to step for a trainer: the parameters and constants
 * its stages read, where its {@link NodeRunner} keeps values (on a GPU, on the GPU), and
 * the runner itself. A value is loaded from the host again only when the host hands in
 * another tensor than it did last time (the same object means the device's copy is
 * still current), so a step with unchanged parameters uploads nothing. Used from its
 * device's worker thread only, as freeing device memory needs that thread's context.
 */
final class ResidentValues {
    private final NodeRunner runner;
    private final StageValues values;
    private final Map<String, Tensor> loaded = new HashMap<>();

    ResidentValues(NodeRunner runner) {
        this.runner = runner;
        this.values = runner.values(null);
    }

    NodeRunner runner() {
        return runner;
    }

    /** The values a step's own values read through to. */
    StageValues values() {
        return values;
    }

    /** Takes each of {@code fixed} that differs from what was loaded under its name before. */
    void load(Map<String, Tensor> fixed) {
        fixed.forEach((name, t) -> {
            if (loaded.get(name) != t) {
                values.put(name, t);
                loaded.put(name, t);
            }
        });
    }
}
