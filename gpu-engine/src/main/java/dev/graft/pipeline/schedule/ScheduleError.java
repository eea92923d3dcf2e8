package dev.graft.pipeline.schedule;

import dev.graft.engine.cli.UserError;

/** A schedule that cannot run: malformed, incomplete, out of order or deadlocking. */
public class ScheduleError extends UserError {
    public ScheduleError(String message) {
        super(message);
    }
}
