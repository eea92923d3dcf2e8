package dev.graft.attention;

/**
 * Storage types of queries, keys, values and outputs. Values are held as raw 16-bit
 * patterns in {@code short[]}; arithmetic is always done in fp32 (kernels) or fp64
 * (the CPU reference).
 */
public enum KvDType {
    FP16("f16"),
    BF16("bf16");

    private final String shortName;

    KvDType(String shortName) {
        this.shortName = shortName;
    }

    /** The name used in kernel specialization keys and error messages. */
    public String shortName() {
        return shortName;
    }

    /** Rounds to nearest even, as the GPU's cvt.rn does. */
    public short encode(float value) {
        return switch (this) {
            case FP16 -> Float.floatToFloat16(value);
            case BF16 -> encodeBf16(value);
        };
    }

    public float decode(short bits) {
        return switch (this) {
            case FP16 -> Float.float16ToFloat(bits);
            case BF16 -> Float.intBitsToFloat((bits & 0xFFFF) << 16);
        };
    }

    public short[] encode(float[] values) {
        short[] out = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = encode(values[i]);
        }
        return out;
    }

    public float[] decode(short[] bits) {
        float[] out = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = decode(bits[i]);
        }
        return out;
    }

    /** Looks a dtype up by name ("fp16", "f16", "float16", "bf16", "bfloat16"). */
    public static KvDType parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "fp16", "f16", "float16", "half" -> FP16;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new AttentionInputException(
                    "unsupported attention dtype '" + name + "': supported are fp16 and bf16");
        };
    }

    private static short encodeBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
