package dev.graft.serve;

/**
 * The cache has too few free pages for a request right now. Transient: pages come back
 * as other requests finish, so a scheduler keeps the request waiting.
 */
public final class OutOfPagesException extends RuntimeException {
    public OutOfPagesException(String message) {
        super(message);
    }
}
