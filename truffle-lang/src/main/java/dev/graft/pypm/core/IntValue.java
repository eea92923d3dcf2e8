package dev.graft.pypm.core;

/** An integer attribute value, 64-bit (see {@link Value}). */
public record IntValue(long value) implements Value {
    /** The range of the shared instances, {@code [SHARED_MIN, SHARED_MIN + SHARED_COUNT)}: small integers, which most attributes hold. */
    static final int SHARED_MIN = -128;
    static final int SHARED_COUNT = 1024 + 128;
    private static final IntValue[] SHARED = new IntValue[SHARED_COUNT];

    static {
        for (int i = 0; i < SHARED_COUNT; i++) {
            SHARED[i] = new IntValue(i + SHARED_MIN);
        }
    }

    /** The value, shared for small integers: values are immutable, and readers make many. */
    static IntValue of(long value) {
        return isShared(value) ? SHARED[(int) value - SHARED_MIN] : new IntValue(value);
    }

    /** Whether {@link #of} shares the instance of this value. */
    static boolean isShared(long value) {
        return value >= SHARED_MIN && value < SHARED_MIN + SHARED_COUNT;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
