package dev.graft.engine.cli;

/** A check that the user asked for did not pass; the launcher exits with {@link ExitCode#CHECK_FAILED}. */
public class CheckFailed extends RuntimeException {
    public CheckFailed(String message) {
        super(message);
    }
}
