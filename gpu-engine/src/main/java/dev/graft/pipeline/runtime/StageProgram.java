package dev.graft.pipeline.runtime;

import java.util.Map;

/**
 * What one pipeline stage computes, as the runtime sees it. Messages are opaque to
 * the runtime: it only carries them between the stages the {@link
 * dev.graft.pipeline.schedule.StageGraph} connects. A stage keeps what its backward
 * pass needs (activations per microbatch) and accumulates its weight gradients
 * over the microbatches of a step itself.
 */
public interface StageProgram {

    /**
     * Forward pass of one microbatch.
     *
     * @param fromProducers producer stage → what it sent this stage for this microbatch
     * @return consumer stage → what to send it; one entry per consumer
     */
    Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers);

    /**
     * Gradients of the stage's inputs for one microbatch (the B task).
     *
     * @param fromConsumers consumer stage → gradient of what this stage sent it
     * @return producer stage → gradient of what it sent; one entry per producer
     */
    Map<Integer, Object> backwardInput(int microbatch, Map<Integer, Object> fromConsumers);

    /** Adds this microbatch's weight gradients to the step's accumulated gradients (the W task). */
    void backwardWeight(int microbatch);
}
