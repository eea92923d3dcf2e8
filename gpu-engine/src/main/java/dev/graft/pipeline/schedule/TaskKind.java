package dev.graft.pipeline.schedule;

/**
 * What a task does to one microbatch on one stage. A schedule that contains
 * {@link #W} tasks splits the backward pass (zero-bubble schedules): {@link #B}
 * then computes only the gradient of the stage's inputs, and {@link #W} the
 * gradient of its weights. A schedule without {@code W} tasks runs the whole
 * backward pass in {@code B}.
 */
public enum TaskKind {
    /** Forward pass. */
    F,
    /** Backward pass: input gradients, and weight gradients too unless the schedule has W tasks. */
    B,
    /** Weight-gradient half of a split backward pass. */
    W
}
