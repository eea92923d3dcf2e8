package dev.graft.engine.tensor;

import java.util.Locale;

/**
 * Element types of tensors. Floating types are held as {@code float} values in a
 * {@link Tensor} (the CPU executor computes in float32); integer and boolean types
 * are held as {@code long} values (booleans as 0 and 1).
 */
public enum DType {
    FLOAT32("f32", true),
    FLOAT16("f16", true),
    BFLOAT16("bf16", true),
    FLOAT64("f64", true),
    INT64("i64", false),
    INT32("i32", false),
    INT16("i16", false),
    INT8("i8", false),
    UINT8("u8", false),
    BOOL("bool", false);

    private final String shortName;
    private final boolean floating;

    DType(String shortName, boolean floating) {
        this.shortName = shortName;
        this.floating = floating;
    }

    /** The name used in the text format and in messages, e.g. {@code f32}, {@code i64}. */
    public String shortName() {
        return shortName;
    }

    /** Whether values of this type are stored as floats. */
    public boolean isFloating() {
        return floating;
    }

    /** Parses a short name ({@code f32}) or a long one ({@code float32}, as in expected.json files). */
    public static DType parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (DType t : values()) {
            if (t.shortName.equals(lower) || t.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return t;
            }
        }
        if (lower.equals("float")) {
            return FLOAT32;
        }
        if (lower.equals("double")) {
            return FLOAT64;
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'");
    }

    @Override
    public String toString() {
        return shortName;
    }
}
