package dev.graft.pypm.core;

import java.util.List;

/** A list attribute value (for example a shape or a permutation). */
public record ListValue(List<Value> elements) implements Value {
    public ListValue {
        elements = List.copyOf(elements);
    }

    @Override
    public String toString() {
        WireBuffer out = new WireBuffer();
        WireWriter.writeValue(this, out);
        return out.toString();
    }
}
