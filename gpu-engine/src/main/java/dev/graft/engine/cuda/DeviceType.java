package dev.graft.engine.cuda;

import dev.graft.engine.tensor.DType;

/**
 * How a graph value is stored on the device: floating values as fp32 or bf16 (the
 * backend's choice, one for the whole graph), integer and boolean values as 64-bit
 * integers, as the host keeps them; fp16 for scratch only (FusedAttention's library copies). The name is the type the kernel templates take
 * (storage.cuh).
 */
public enum DeviceType {
    F32("float", 4),
    BF16("bf16", 2),
    /** Not a graph storage choice: the attention library's 16-bit copies under fp32 storage. */
    F16("f16", 2),
    I64("i64", 8);

    private final String cudaName;
    private final int bytes;

    DeviceType(String cudaName, int bytes) {
        this.cudaName = cudaName;
        this.bytes = bytes;
    }

    /** The type's name in the kernel templates. */
    public String cudaName() {
        return cudaName;
    }

    public int bytes() {
        return bytes;
    }

    /** The storage of a value of {@code dtype} when floating values are kept as {@code floating}. */
    public static DeviceType of(DType dtype, DeviceType floating) {
        return dtype.isFloating() ? floating : I64;
    }

    /** Parses a storage option: {@code f32} or {@code bf16}. */
    public static DeviceType parseFloating(String name) {
        return switch (name) {
            case "f32" -> F32;
            case "bf16" -> BF16;
            default -> throw new IllegalArgumentException("unknown device storage '" + name + "' (f32 or bf16)");
        };
    }
}
