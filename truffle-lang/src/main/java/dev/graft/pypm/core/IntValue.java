package dev.graft.pypm.core;

/** An integer attribute value, 64-bit (see {@link Value}). */
public record IntValue(long value) implements Value {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
