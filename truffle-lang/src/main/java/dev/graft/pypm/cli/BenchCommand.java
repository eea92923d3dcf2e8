package dev.graft.pypm.cli;

import dev.graft.engine.cli.GraftCommand;
import picocli.CommandLine.Command;

/** {@code graft bench ...}: benchmarks that print figures (never timed tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of the pattern language.",
        subcommands = {BenchCoreCommand.class, BenchRewriteCommand.class})
public final class BenchCommand implements GraftCommand {
}
