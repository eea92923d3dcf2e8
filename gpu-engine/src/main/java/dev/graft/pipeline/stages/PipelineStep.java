package dev.graft.pipeline.stages;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.pipeline.trace.Timeline;
import java.util.Map;

/**
 * One pipelined training step: the same loss and gradients as the unpipelined step, and
 * how it ran; after a training step that was asked to bring them to the host, the
 * updated parameters (empty otherwise, and the gradients too).
 */
public record PipelineStep(LossAndGradients result, Timeline timeline, Map<String, Tensor> parameters) {

    public PipelineStep(LossAndGradients result, Timeline timeline) {
        this(result, timeline, Map.of());
    }
}
