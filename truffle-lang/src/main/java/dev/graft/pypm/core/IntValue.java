package dev.graft.pypm.core;

/** An integer attribute value, 64-bit (see {@link Value}). */
public record IntValue(long value) implements Value {
    /** Shared instances of the small integers that most attributes hold. */
    private static final IntValue[] SMALL = new IntValue[1024 + 128];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new IntValue(i - 128);
        }
    }

    /** The value, shared for -128 to 1023: values are immutable, and readers make many. */
    static IntValue of(long value) {
        return value >= -128 && value < SMALL.length - 128 ? SMALL[(int) value + 128] : new IntValue(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
