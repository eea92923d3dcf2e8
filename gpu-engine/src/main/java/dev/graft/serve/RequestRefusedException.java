package dev.graft.serve;

/**
 * A request that can never be served as given: it needs more pages than the whole cache
 * holds, asks for no tokens, or names token ids the model does not know. The message
 * names the request and what is wrong; other requests are not affected.
 */
public final class RequestRefusedException extends RuntimeException {
    public RequestRefusedException(String message) {
        super(message);
    }
}
