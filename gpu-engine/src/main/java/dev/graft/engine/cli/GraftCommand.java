package dev.graft.engine.cli;

/**
 * A subcommand of {@code graft}. Each module lists its own in
 * {@code META-INF/services/dev.graft.engine.cli.GraftCommand}, so a module adds a
 * command without touching the launcher. The implementing class carries picocli's
 * {@code @Command(name = ...)} and is either a {@link Runnable} or a
 * {@link java.util.concurrent.Callable} of the exit code; it reports bad input by
 * throwing {@link UserError} and a failed check by throwing {@link CheckFailed}.
 */
public interface GraftCommand {
}
