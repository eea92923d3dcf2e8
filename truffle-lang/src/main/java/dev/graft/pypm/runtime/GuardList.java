package dev.graft.pypm.runtime;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import dev.graft.pypm.core.IntValue;
import dev.graft.pypm.core.ListValue;
import dev.graft.pypm.core.StringValue;
import dev.graft.pypm.core.Value;
import java.util.Arrays;

/**
 * A list during guard evaluation. Guard values are {@code long}, {@code boolean},
 * {@code String} and GuardList; a list literal may hold booleans, which attribute
 * values never do.
 */
public final class GuardList {
    private final Object[] elements;

    public GuardList(Object[] elements) {
        this.elements = elements;
    }

    public int size() {
        return elements.length;
    }

    public Object get(int index) {
        return elements[index];
    }

    /** The guard value of an attribute value. */
    @TruffleBoundary
    public static Object of(Value value) {
        return switch (value) {
            case IntValue i -> i.value();
            case StringValue s -> s.value();
            case ListValue l -> {
                Object[] out = new Object[l.elements().size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = of(l.elements().get(i));
                }
                yield new GuardList(out);
            }
        };
    }

    /** {@code ==} on guard values: never fails; values of different types are unequal. */
    @TruffleBoundary
    public static boolean valuesEqual(Object a, Object b) {
        if (a instanceof GuardList x && b instanceof GuardList y) {
            return Arrays.equals(x.elements, y.elements, (p, q) -> valuesEqual(p, q) ? 0 : 1);
        }
        return a.equals(b);
    }
}
