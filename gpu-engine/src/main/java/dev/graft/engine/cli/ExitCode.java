package dev.graft.engine.cli;

/** The exit codes every graft subcommand keeps to. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    /** A bug in Graft rather than in the input: reported as such, never as a raw stack trace. */
    public static final int INTERNAL = 3;

    private ExitCode() {
    }
}
