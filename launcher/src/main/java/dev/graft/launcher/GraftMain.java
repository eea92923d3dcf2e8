package dev.graft.launcher;

import dev.graft.engine.cli.CheckFailed;
import dev.graft.engine.cli.ExitCode;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.pypm.TruffleRuntimeInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code graft} command. Each subcommand lives beside the code it drives (the
 * engine's, the language's, conformance's) and is found through
 * {@link GraftCommand}'s service list; this class only gathers them and maps
 * failures to exit codes: {@link UserError} to 2, {@link CheckFailed} to 1.
 */
@Command(name = "graft", mixinStandardHelpOptions = true, versionProvider = GraftMain.Version.class,
        description = "Rewrites ML computation graphs with a verified pattern language and runs them.",
        subcommands = {CommandLine.HelpCommand.class})
public final class GraftMain {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On an error, print the stack trace too.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        if (verbose) {
            // Backends read it to say more (--backend cuda lists the nodes that fall back to the CPU).
            System.setProperty("graft.verbose", "true");
        }
        CommandLine cli = new CommandLine(new GraftMain());
        ServiceLoader.load(GraftCommand.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(c -> c.getClass().getAnnotation(Command.class).name()))
                .forEach(cli::addSubcommand);
        cli.setExitCodeExceptionMapper(GraftMain::exitCodeOf);
        cli.setParameterExceptionHandler((ex, argv) -> {
            CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
            System.err.println("graft: " + ex.getMessage() + " (see: " + spec.qualifiedName() + " --help)");
            return ExitCode.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            System.err.println("graft: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace();
            }
            return exitCodeOf(ex);
        });
        return cli.execute(args);
    }

    /** The version, and which Truffle runtime this JVM got (the optimizing one needs ./graft's JVMCI flags). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"graft 0.1.0", TruffleRuntimeInfo.describe()};
        }
    }

    private static int exitCodeOf(Throwable ex) {
        if (ex instanceof UserError) {
            return ExitCode.BAD_INPUT;
        }
        if (ex instanceof CheckFailed) {
            return ExitCode.CHECK_FAILED;
        }
        return ExitCode.INTERNAL;
    }

    private static String oneLine(Throwable ex) {
        if (ex instanceof UserError || ex instanceof CheckFailed) {
            return ex.getMessage();
        }
        return "internal error: " + ex + " (run with --verbose for the stack trace)";
    }
}
