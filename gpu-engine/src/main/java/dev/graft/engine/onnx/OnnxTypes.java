package dev.graft.engine.onnx;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.DType;

/** ONNX's element type codes (TensorProto.DataType) and the engine's {@link DType}s. */
public final class OnnxTypes {
    private OnnxTypes() {
    }

    /** The dtype of an ONNX element type code; an unsupported one is bad input. */
    public static DType dtype(int code) {
        return switch (code) {
            case 1 -> DType.FLOAT32;
            case 2 -> DType.UINT8;
            case 3 -> DType.INT8;
            case 5 -> DType.INT16;
            case 6 -> DType.INT32;
            case 7 -> DType.INT64;
            case 9 -> DType.BOOL;
            case 10 -> DType.FLOAT16;
            case 11 -> DType.FLOAT64;
            case 16 -> DType.BFLOAT16;
            default -> throw new UserError("unsupported ONNX element type " + code + " (" + name(code) + ")");
        };
    }

    /** The ONNX element type code of a dtype. */
    public static int code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 1;
            case UINT8 -> 2;
            case INT8 -> 3;
            case INT16 -> 5;
            case INT32 -> 6;
            case INT64 -> 7;
            case BOOL -> 9;
            case FLOAT16 -> 10;
            case FLOAT64 -> 11;
            case BFLOAT16 -> 16;
        };
    }

    private static String name(int code) {
        return switch (code) {
            case 0 -> "undefined";
            case 4 -> "uint16";
            case 8 -> "string";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 14 -> "complex64";
            case 15 -> "complex128";
            default -> code >= 17 ? "float8 or 4-bit" : "unknown";
        };
    }
}
