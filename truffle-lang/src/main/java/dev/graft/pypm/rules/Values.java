package dev.graft.pypm.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of rule expressions and their checked conversions: {@code Long},
 * {@code Double}, {@code String}, {@code Boolean}, {@code List}, a graph {@link Value},
 * and {@code null} for None (and for a variable the match leaves unbound). A
 * conversion that fails throws {@link NotApplicable}.
 */
final class Values {
    private Values() {
    }

    static List<?> list(Object o, String where) {
        return as(List.class, o, "a list", where);
    }

    static Value graphValue(Object o, String where) {
        return as(Value.class, o, "a graph value", where);
    }

    static String string(Object o, String where) {
        return as(String.class, o, "a string", where);
    }

    static double number(Object o, String where) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d) {
            return d;
        }
        throw mismatch(o, "a number", where);
    }

    static long integer(Object o, String where) {
        return as(Long.class, o, "an integer", where);
    }

    static boolean bool(Object o, String where) {
        return as(Boolean.class, o, "True or False", where);
    }

    /** o as a {@code type}; None and any other kind of value fail with what {@code where} expected. */
    private static <T> T as(Class<T> type, Object o, String expected, String where) {
        if (type.isInstance(o)) {
            return type.cast(o);
        }
        throw mismatch(o, expected, where);
    }

    private static NotApplicable mismatch(Object o, String expected, String where) {
        return new NotApplicable(where + " needs " + expected + ", got " + show(o));
    }

    static String show(Object o) {
        return o == null ? "None" : o instanceof Value v ? "value '" + v.name() + "'" : o.toString();
    }

    /**
     * {@code x.NAME}: {@code shape} (a list of integers, strings for symbolic
     * dimensions, and for an unknown dimension a value equal to nothing), {@code rank}, {@code dtype} ({@code "f32"}), {@code op} and
     * {@code arity} of the producing node, or else an attribute of that node.
     */
    static Object field(Value v, String name) {
        return switch (name) {
            case "shape" -> shape(type(v));
            case "rank" -> (long) type(v).rank();
            case "dtype" -> type(v).dtype().shortName();
            case "op" -> v.producer() == null ? (v.isInitializer() ? "Initializer" : "Input") : v.producer().op();
            case "arity" -> v.producer() == null ? 0L : (long) v.producer().inputs().size();
            default -> attribute(v, name);
        };
    }

    private static TensorType type(Value v) {
        if (v.type() == null) {
            throw new NotApplicable("value '" + v.name() + "' has no type");
        }
        return v.type();
    }

    private static List<Object> shape(TensorType t) {
        List<Object> dims = new ArrayList<>();
        for (Dim d : t.shape().dims()) {
            dims.add(switch (d) {
                case Dim.Known k -> (Object) k.size();
                case Dim.Symbol s -> s.name();
                case Dim.Unknown u -> new UnknownDim();
            });
        }
        return dims;
    }

    /** An unknown dimension in a shape list: equal to nothing, not even another read of itself. */
    static final class UnknownDim {
        @Override
        public String toString() {
            return "?";
        }
    }

    static Object attribute(Value v, String name) {
        Object found = attributeOrNull(v, name);
        if (found == null) {
            throw new NotApplicable("value '" + v.name() + "' has no attribute " + name);
        }
        return found;
    }

    /** The attribute of the node producing v, or null when it has none of that name. */
    static Object attributeOrNull(Value v, String name) {
        Node producer = v.producer();
        Attribute a = producer == null ? null : producer.attributes().asMap().get(name);
        if (a == null) {
            return null;
        }
        return switch (a) {
            case Attribute.Int i -> i.value();
            case Attribute.Float f -> (double) f.value();
            case Attribute.Str s -> s.value();
            case Attribute.Ints is -> {
                List<Object> out = new ArrayList<>();
                for (long x : is.values()) {
                    out.add(x);
                }
                yield out;
            }
            case Attribute.Floats fs -> {
                List<Object> out = new ArrayList<>();
                for (float x : fs.values()) {
                    out.add((double) x);
                }
                yield out;
            }
            default -> throw new NotApplicable("attribute " + name + " of '" + v.name() + "' is not a number, string or list");
        };
    }

    /** Python's equality: numbers by value (1 == 1.0), lists element by element, graph values by identity. */
    static boolean equal(Object a, Object b) {
        if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
            return a instanceof Long x && b instanceof Long y ? x.longValue() == y.longValue()
                    : number(a, "==") == number(b, "==");
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Value || b instanceof Value) {
            return a == b;
        }
        return a == null ? b == null : a.equals(b);
    }
}
