package dev.graft.engine.graph;

import dev.graft.engine.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of a node by name, with typed getters that take the ONNX default
 * for an absent attribute. A getter that finds an attribute of another kind throws
 * {@link IllegalArgumentException} naming it; callers add the node.
 */
public final class Attributes {
    public static final Attributes NONE = new Attributes(Map.of());

    private final Map<String, Attribute> values;

    public Attributes(Map<String, Attribute> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A builder-style copy with one more (or one replaced) attribute. */
    public Attributes with(String name, Attribute value) {
        Map<String, Attribute> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Attributes(copy);
    }

    public Map<String, Attribute> asMap() {
        return values;
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public long getInt(String name, long fallback) {
        Attribute a = values.get(name);
        return a == null ? fallback : as(name, a, Attribute.Int.class).value();
    }

    public float getFloat(String name, float fallback) {
        Attribute a = values.get(name);
        if (a instanceof Attribute.Int i) {
            return i.value();
        }
        return a == null ? fallback : as(name, a, Attribute.Float.class).value();
    }

    public String getString(String name, String fallback) {
        Attribute a = values.get(name);
        return a == null ? fallback : as(name, a, Attribute.Str.class).value();
    }

    /** The integer list, or {@code null} when absent. */
    public long[] getInts(String name) {
        Attribute a = values.get(name);
        return a == null ? null : as(name, a, Attribute.Ints.class).values().clone();
    }

    /** The float list, or {@code null} when absent. */
    public float[] getFloats(String name) {
        Attribute a = values.get(name);
        return a == null ? null : as(name, a, Attribute.Floats.class).values().clone();
    }

    /** The tensor, or {@code null} when absent. */
    public Tensor getTensor(String name) {
        Attribute a = values.get(name);
        return a == null ? null : as(name, a, Attribute.TensorValue.class).value();
    }

    private static <T extends Attribute> T as(String name, Attribute a, Class<T> kind) {
        if (!kind.isInstance(a)) {
            throw new IllegalArgumentException("attribute '" + name + "' is " + a.getClass().getSimpleName()
                    + ", expected " + kind.getSimpleName());
        }
        return kind.cast(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
