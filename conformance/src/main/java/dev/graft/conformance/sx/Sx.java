package dev.graft.conformance.sx;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An S-expression of the wire format (CORE-SPEC section 8). The generator, the
 * shrinker and the clause tracer work on this untyped form rather than on a typed
 * calculus because they must also build, shrink and classify requests that are
 * ill-formed, which a typed syntax could not hold. {@link #toString()} is the
 * wire text.
 */
public sealed interface Sx permits Sx.Atom, Sx.Str, Sx.Lst {

    /** A bare token: an identifier, an integer, {@code _} or a guard operator. */
    record Atom(String text) implements Sx {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A double-quoted string; {@code value} is unescaped. */
    record Str(String value) implements Sx {
        @Override
        public String toString() {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /** A parenthesised list. */
    record Lst(List<Sx> items) implements Sx {
        public Lst {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }

        public Sx get(int i) {
            return items.get(i);
        }

        /** The head atom's text, or null when the list is empty or starts with a non-atom. */
        public String head() {
            return !items.isEmpty() && items.get(0) instanceof Atom a ? a.text() : null;
        }

        @Override
        public String toString() {
            return items.stream().map(Sx::toString).collect(Collectors.joining(" ", "(", ")"));
        }
    }

    static Atom atom(String text) {
        return new Atom(text);
    }

    static Atom integer(long value) {
        return new Atom(Long.toString(value));
    }

    static Str str(String value) {
        return new Str(value);
    }

    static Lst list(Sx... items) {
        return new Lst(List.of(items));
    }

    static Lst list(List<? extends Sx> items) {
        return new Lst(List.copyOf(items));
    }
}
