package dev.graft.pypm.core;

/** A request line that does not follow the wire grammar; the message names what and the column. */
public final class MalformedRequestException extends RuntimeException {
    public MalformedRequestException(String message) {
        super(message);
    }
}
