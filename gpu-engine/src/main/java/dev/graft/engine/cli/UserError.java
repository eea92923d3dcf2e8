package dev.graft.engine.cli;

/**
 * Bad input or usage: the launcher prints the message as one line and exits with
 * {@link ExitCode#BAD_INPUT}. The message must say what is wrong and where (file,
 * node, input name), because it is all the user sees without {@code --verbose}.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
