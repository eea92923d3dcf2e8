package dev.graft.pypm.core;

/**
 * A value of CORE-SPEC section 1: an attribute value of a term. Integers are 64-bit
 * ({@code long}); the spec's integers are unbounded, and an implementation may stay in
 * 64 bits when it reports overflow as an error (guards turn it into false, the wire
 * reader rejects a literal that does not fit). Booleans exist only inside guards.
 */
public sealed interface Value permits IntValue, StringValue, ListValue {

    static Value of(long value) {
        return IntValue.of(value);
    }

    static Value of(String value) {
        return new StringValue(value);
    }

    static Value of(java.util.List<Value> elements) {
        return new ListValue(elements);
    }
}
