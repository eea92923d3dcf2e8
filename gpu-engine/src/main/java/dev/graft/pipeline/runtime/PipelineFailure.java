package dev.graft.pipeline.runtime;

import dev.graft.engine.cli.UserError;

/** A pipeline step that did not finish: a task threw, a wait timed out, or a stage broke its contract. */
public class PipelineFailure extends UserError {
    public PipelineFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
