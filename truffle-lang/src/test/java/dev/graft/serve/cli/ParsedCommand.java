package dev.graft.serve.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Readies a command object as the launcher would, without running it: the tests
 * then call it themselves, so that a {@code UserError} reaches them as thrown
 * instead of as an exit code.
 */
final class ParsedCommand {
    private ParsedCommand() {
    }

    /** {@code command} with {@code args} parsed into it and its stdout going to {@code out}. */
    static <C> C parse(C command, StringWriter out, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.parseArgs(args);
        return command;
    }
}
