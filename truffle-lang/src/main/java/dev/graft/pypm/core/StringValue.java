package dev.graft.pypm.core;

import java.util.Objects;

/** A string attribute value. */
public record StringValue(String value) implements Value {
    public StringValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return WireWriter.quote(value);
    }
}
