package dev.graft.pipeline.stages;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Training steps whose optimizer runs on the host (a model whose tied weights need
 * gradients from several stages summed first): keeps the current parameters between
 * steps, with the same rule as the devices' copies ({@link ResidentValues}): a
 * parameter handed in as another tensor than last time replaces the current one.
 */
final class HostUpdates {
    private final Map<String, Tensor> given = new HashMap<>();
    private Map<String, Tensor> current = new HashMap<>();

    PipelineStep train(Map<String, Tensor> parameters, Function<Map<String, Tensor>, PipelineStep> step,
                       Optimizer optimizer) {
        parameters.forEach((p, t) -> {
            if (given.get(p) != t) {
                given.put(p, t);
                current.put(p, t);
            }
        });
        PipelineStep done = step.apply(current);
        current = optimizer.step(current, done.result().gradients());
        return new PipelineStep(done.result(), done.timeline(), current);
    }
}
