package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.onnx.OnnxTypes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpFamily;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * ONNX Cast (target from the {@code to} attribute, an ONNX element type code)
 * and CastLike (target from the second input's dtype).
 */
public final class Cast implements Op {
    private final boolean like;

    /** Both ops, for the service list. */
    public static final class Family implements OpFamily {
        @Override
        public List<Op> ops() {
            return List.of(new Cast(false), new Cast(true));
        }
    }

    private Cast(boolean like) {
        this.like = like;
    }

    @Override
    public String name() {
        return like ? "CastLike" : "Cast";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        DType to = like ? ctx.inputType(1).dtype() : target(ctx.attributes().getInt("to", -1));
        return List.of(new TensorType(to, ctx.inputType(0).shape()));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        DType to = like ? ctx.required(1).dtype() : target(ctx.attributes().getInt("to", -1));
        return List.of(convert(ctx.required(0), to));
    }

    private static DType target(long code) {
        if (code < 0) {
            throw new OpException("Cast needs the 'to' attribute");
        }
        return OnnxTypes.dtype((int) code);
    }

    /** {@code x} converted to {@code to}: floats truncate toward zero into integers, nonzero is true. */
    public static Tensor convert(Tensor x, DType to) {
        if (x.dtype() == to) {
            return x;
        }
        int n = x.size();
        if (to.isFloating()) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = round(to, (float) x.getDouble(i));
            }
            return Tensor.ofFloats(to, x.shape(), out);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = to == DType.BOOL ? (x.getDouble(i) != 0 ? 1 : 0) : wrap(to, x.getLong(i));
        }
        return Tensor.ofLongs(to, x.shape(), out);
    }

    /** Rounds a float to the precision of a narrower floating type. */
    private static float round(DType to, float v) {
        return switch (to) {
            case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BFLOAT16 -> {
                int bits = Float.floatToRawIntBits(v);
                if (Float.isNaN(v)) {
                    yield v;
                }
                int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
                yield Float.intBitsToFloat(rounded & 0xFFFF0000);
            }
            default -> v;
        };
    }

    /** Wraps an integer into the range of a narrower integer type, as a C cast does. */
    private static long wrap(DType to, long v) {
        return switch (to) {
            case INT32 -> (int) v;
            case INT16 -> (short) v;
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xFF;
            default -> v;
        };
    }
}
