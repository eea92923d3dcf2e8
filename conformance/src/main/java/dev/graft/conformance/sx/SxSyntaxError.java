package dev.graft.conformance.sx;

/** A line that is not one well-formed S-expression; the message names the column. */
public final class SxSyntaxError extends RuntimeException {
    public SxSyntaxError(String what, int index) {
        super(what + " at column " + (index + 1));
    }
}
