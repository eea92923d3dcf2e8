package dev.graft.pipeline.stages;

import dev.graft.engine.train.LossAndGradients;
import dev.graft.pipeline.trace.Timeline;

/** One pipelined training step: the same loss and gradients as the unpipelined step, and how it ran. */
public record PipelineStep(LossAndGradients result, Timeline timeline) {
}
