package dev.graft.engine.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.graft.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes tensors as ONNX TensorProtos with little-endian raw data, the inverse of
 * {@link OnnxTensors#decode}: float16 and bfloat16 values are rounded to nearest even
 * (exact for values read from such a tensor), the other types written as they are.
 */
final class OnnxTensorEncoder {
    private OnnxTensorEncoder() {
    }

    static TensorProto encode(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(OnnxTypes.code(t.dtype()));
        for (int d : t.shape()) {
            b.addDims(d);
        }
        int n = Tensor.sizeOf(t.shape());
        ByteBuffer buf = ByteBuffer.allocate(n * OnnxTensors.width(t.dtype())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (t.dtype()) {
                case FLOAT32 -> buf.putFloat((float) t.getDouble(i));
                case FLOAT64 -> buf.putDouble(t.getDouble(i));
                case FLOAT16 -> buf.putShort(Float.floatToFloat16((float) t.getDouble(i)));
                case BFLOAT16 -> buf.putShort(bfloat16((float) t.getDouble(i)));
                case INT64 -> buf.putLong(t.getLong(i));
                case INT32 -> buf.putInt((int) t.getLong(i));
                case INT16 -> buf.putShort((short) t.getLong(i));
                case INT8, UINT8, BOOL -> buf.put((byte) t.getLong(i));
            }
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** The upper half of the float's bits, rounded to nearest even; NaN stays NaN. */
    private static short bfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
