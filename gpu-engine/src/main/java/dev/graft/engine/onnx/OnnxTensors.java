package dev.graft.engine.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Decodes ONNX TensorProtos: raw little-endian bytes, the typed repeated fields,
 * or external data in a file beside the model. Floating types become float
 * values (float16 and bfloat16 widened exactly), the others long values.
 */
final class OnnxTensors {
    private OnnxTensors() {
    }

    /** @param modelDir where external data files are looked up; {@code what} names the tensor in errors */
    static Tensor decode(TensorProto t, Path modelDir, String what) {
        DType dtype = OnnxTypes.dtype(t.getDataType());
        int[] shape = new int[t.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new UserError(what + ": bad dimension " + d);
            }
            shape[i] = (int) d;
        }
        int n = Tensor.sizeOf(shape);
        ByteString raw = t.getDataLocation() == TensorProto.DataLocation.EXTERNAL
                ? external(t, modelDir, what) : t.hasRawData() ? t.getRawData() : null;
        if (raw != null) {
            return fromRaw(dtype, shape, n, raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), what);
        }
        return fromFields(t, dtype, shape, n, what);
    }

    private static Tensor fromRaw(DType dtype, int[] shape, int n, ByteBuffer buf, String what) {
        int width = width(dtype);
        if (buf.remaining() != (long) n * width) {
            throw new UserError(what + ": holds " + buf.remaining() + " bytes, " + dtype
                    + " of " + n + " elements needs " + (long) n * width);
        }
        if (dtype.isFloating()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (dtype) {
                    case FLOAT32 -> buf.getFloat();
                    case FLOAT64 -> (float) buf.getDouble();
                    case FLOAT16 -> Float.float16ToFloat(buf.getShort());
                    default -> Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
                };
            }
            return Tensor.ofFloats(dtype, shape, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case INT64 -> buf.getLong();
                case INT32 -> buf.getInt();
                case INT16 -> buf.getShort();
                case INT8 -> buf.get();
                default -> buf.get() & 0xFF;
            };
        }
        return Tensor.ofLongs(dtype, shape, v);
    }

    private static Tensor fromFields(TensorProto t, DType dtype, int[] shape, int n, String what) {
        int have = switch (dtype) {
            case FLOAT32 -> t.getFloatDataCount();
            case FLOAT64 -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
        if (have != n) {
            throw new UserError(what + ": holds " + have + " values, shape needs " + n);
        }
        if (dtype.isFloating()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (dtype) {
                    case FLOAT32 -> t.getFloatData(i);
                    case FLOAT64 -> (float) t.getDoubleData(i);
                    case FLOAT16 -> Float.float16ToFloat((short) t.getInt32Data(i));
                    default -> Float.intBitsToFloat((t.getInt32Data(i) & 0xFFFF) << 16);
                };
            }
            return Tensor.ofFloats(dtype, shape, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = dtype == DType.INT64 ? t.getInt64Data(i) : t.getInt32Data(i);
        }
        return Tensor.ofLongs(dtype, shape, v);
    }

    private static ByteString external(TensorProto t, Path modelDir, String what) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> {
                }
            }
        }
        if (location == null) {
            throw new UserError(what + ": external data without a location");
        }
        Path file = modelDir.resolve(location).normalize();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = length >= 0 ? length : f.length() - offset;
            if (offset + len > f.length() || len > Integer.MAX_VALUE) {
                throw new UserError(what + ": external data " + file + " is shorter than offset " + offset
                        + " + length " + len);
            }
            byte[] bytes = new byte[(int) len];
            f.seek(offset);
            f.readFully(bytes);
            return ByteString.copyFrom(bytes);
        } catch (IOException e) {
            throw new UserError(what + ": cannot read external data " + file + ": " + e.getMessage(), e);
        }
    }

    /** Bytes per element in raw data. */
    static int width(DType dtype) {
        return switch (dtype) {
            case FLOAT64, INT64 -> 8;
            case FLOAT32, INT32 -> 4;
            case FLOAT16, BFLOAT16, INT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
        };
    }
}
