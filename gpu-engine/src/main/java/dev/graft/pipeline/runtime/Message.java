package dev.graft.pipeline.runtime;

import dev.graft.pipeline.schedule.Task;
import dev.graft.pipeline.schedule.TaskKind;

/**
 * The address of one value sent between stages: activations ({@code F}) from stage
 * {@code from} to stage {@code to}, or gradients ({@code B}) flowing back.
 */
public record Message(TaskKind pass, int from, int to, int microbatch) {

    /** The task whose result this message carries. */
    public Task sender() {
        return new Task(from, microbatch, pass);
    }
}
