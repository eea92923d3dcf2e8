package dev.graft.pipeline.stages;

import dev.graft.engine.train.ResidentUpdate;

/**
 * What a stage does after its last W: whether its gradient sums wait for the
 * data-parallel all-reduce, which update it then applies to the parameters its device
 * keeps (null: none), and whether the gradients, and the updated parameters, come to
 * the host (for the trainer's caller; a training loop that only reads the loss needs
 * neither).
 */
record StepEnd(boolean replicated, ResidentUpdate update, boolean toHost) {

    /** A plain pipeline step: the gradient sums come to the host, nothing is updated. */
    static final StepEnd GRADIENTS = new StepEnd(false, null, true);
}
