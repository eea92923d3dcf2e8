package dev.graft.engine.graph;

/**
 * One dimension of a {@link Shape}: a known size, a named symbol such as
 * {@code batch} or {@code seq} (the same name means the same size everywhere in a
 * graph), or unknown (each unknown is unrelated to every other).
 */
public sealed interface Dim {

    /** A dimension of known size. */
    record Known(long size) implements Dim {
        public Known {
            if (size < 0) {
                throw new IllegalArgumentException("negative dimension " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** A dimension named by a symbol, bound to a size when the graph runs. */
    record Symbol(String name) implements Dim {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A dimension nothing is known about. */
    record Unknown() implements Dim {
        @Override
        public String toString() {
            return "?";
        }
    }

    Dim UNKNOWN = new Unknown();

    static Dim of(long size) {
        return new Known(size);
    }

    static Dim symbol(String name) {
        return new Symbol(name);
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    /** The size of a known dimension. */
    default long size() {
        if (this instanceof Known k) {
            return k.size();
        }
        throw new IllegalStateException("dimension " + this + " has no known size");
    }

    /** Whether this dimension is known to be exactly {@code n}. */
    default boolean is(long n) {
        return this instanceof Known k && k.size() == n;
    }
}
