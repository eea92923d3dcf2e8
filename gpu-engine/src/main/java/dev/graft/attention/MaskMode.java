package dev.graft.attention;

/** Whether a custom additive mask is given, and whether it differs per query head. */
public enum MaskMode {
    /** No custom mask. */
    NONE,
    /** One bias {@code (qoLen, kvLen)} per request, shared by every head. */
    SHARED,
    /** One bias {@code (numQoHeads, qoLen, kvLen)} per request. */
    PER_HEAD
}
