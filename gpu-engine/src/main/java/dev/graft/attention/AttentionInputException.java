package dev.graft.attention;

/**
 * Input that the attention library refuses before any kernel is launched: a page
 * table pointing outside the cache, an inconsistent indptr, an unsupported head
 * dimension or dtype, a workspace that does not fit in device memory. The message is
 * one line that names what is wrong and where (which array, which index).
 */
public final class AttentionInputException extends IllegalArgumentException {
    public AttentionInputException(String message) {
        super(message);
    }
}
