package dev.graft.engine.cuda;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionState;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.CustomMask;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.MaskMode;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;

/**
 * The FusedAttention node's contract in the attention library's terms. Batch element b
 * becomes request b with Sq ragged query rows and Skv ragged KV rows; tensors move from
 * the graph's {@code (B, H, S, D)} to the library's {@code (B*S, H, D)}; an additive mask
 * broadcastable to {@code (B, Hq, Sq, Skv)} becomes a custom mask, shared by all heads when
 * its head axis is 1; {@code causal} is the library's causal rule (query i sees key j iff
 * {@code j <= i + Skv - Sq}).
 *
 * <p>Storage: f16 and bf16 graphs keep their type; an f32 graph is stored as fp16 on the
 * device (fp32 accumulation), so its values must lie within fp16's range.
 */
public final class FusedAttentionLayout {
    private static final float FP16_MAX = 65504f;

    private FusedAttentionLayout() {
    }

    /** The storage type of a graph dtype on the device; refuses non-floating types. */
    public static KvDType storage(DType dtype) {
        return switch (dtype) {
            case FLOAT16, FLOAT32 -> KvDType.FP16;
            case BFLOAT16 -> KvDType.BF16;
            default -> throw new OpException("FusedAttention on CUDA takes f16, bf16 or f32 inputs, got "
                    + dtype.shortName());
        };
    }

    public static AttentionBatch toBatch(Tensor q, Tensor k, Tensor v, Tensor mask, double scale, boolean causal) {
        int b = q.dim(0);
        int hq = q.dim(1);
        int sq = q.dim(2);
        int d = q.dim(3);
        int hkv = k.dim(1);
        int skv = k.dim(2);
        KvDType dtype = storage(q.dtype());
        HeadConfig heads = new HeadConfig(hq, hkv, d, dtype);
        int[] qoIndptr = new int[b + 1];
        int[] kvIndptr = new int[b + 1];
        for (int r = 0; r < b; r++) {
            qoIndptr[r + 1] = qoIndptr[r] + sq;
            kvIndptr[r + 1] = kvIndptr[r] + skv;
        }
        short[] qs = toRows(q, dtype, "Q");
        short[] ks = toRows(k, dtype, "K");
        short[] vs = toRows(v, dtype, "V");
        AttentionVariant variant = AttentionVariant.DEFAULT.withScale(scale).withCausal(causal);
        CustomMask custom = null;
        if (mask != null) {
            boolean perHead = mask.rank() >= 3 && mask.dim(mask.rank() - 3) > 1;
            variant = variant.withMask(perHead ? MaskMode.PER_HEAD : MaskMode.SHARED);
            custom = broadcastMask(mask, b, hq, sq, skv, perHead);
        }
        return new AttentionBatch(heads, variant, qoIndptr, qs,
                new KvSource.Ragged(heads, kvIndptr, ks, vs), custom);
    }

    /** The output rows {@code (B*Sq, Hq, D)} back as the node's {@code (B, Hq, Sq, D)} tensor. */
    public static Tensor toTensor(AttentionState state, DType dtype, int b, int sq) {
        int hq = state.heads();
        int d = state.headDim();
        float[] out = new float[b * hq * sq * d];
        for (int r = 0; r < b; r++) {
            for (int h = 0; h < hq; h++) {
                for (int i = 0; i < sq; i++) {
                    int src = ((r * sq + i) * hq + h) * d;
                    int dst = ((r * hq + h) * sq + i) * d;
                    for (int e = 0; e < d; e++) {
                        out[dst + e] = (float) state.o()[src + e];
                    }
                }
            }
        }
        return Tensor.ofFloats(dtype, new int[] {b, hq, sq, d}, out);
    }

    /** (B, H, S, D) floats as (B*S, H, D) 16-bit patterns. */
    private static short[] toRows(Tensor t, KvDType dtype, String name) {
        int b = t.dim(0);
        int h = t.dim(1);
        int s = t.dim(2);
        int d = t.dim(3);
        float[] x = t.floats();
        short[] rows = new short[x.length];
        boolean checkRange = t.dtype() == DType.FLOAT32;
        for (int r = 0; r < b; r++) {
            for (int hh = 0; hh < h; hh++) {
                for (int i = 0; i < s; i++) {
                    int src = ((r * h + hh) * s + i) * d;
                    int dst = ((r * s + i) * h + hh) * d;
                    for (int e = 0; e < d; e++) {
                        float value = x[src + e];
                        if (checkRange && !(Math.abs(value) <= FP16_MAX)) {
                            throw new OpException("FusedAttention on CUDA stores f32 " + name + " as fp16, but "
                                    + name + "[" + r + "," + hh + "," + i + "," + e + "] = " + value
                                    + " is outside its range");
                        }
                        rows[dst + e] = dtype.encode(value);
                    }
                }
            }
        }
        return rows;
    }

    /** The mask broadcast (right-aligned, as ONNX broadcasts) into the library's layout. */
    private static CustomMask broadcastMask(Tensor mask, int b, int hq, int sq, int skv, boolean perHead) {
        int[] full = {b, hq, sq, skv};
        int[] strides = new int[4];
        int stride = 1;
        for (int axis = 3, m = mask.rank() - 1; axis >= 0; axis--, m--) {
            int dim = m >= 0 ? mask.dim(m) : 1;
            if (dim != 1 && dim != full[axis]) {
                throw new OpException("mask " + java.util.Arrays.toString(mask.shape()) + " does not broadcast to "
                        + java.util.Arrays.toString(full));
            }
            strides[axis] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        int[] qoLens = new int[b];
        int[] kvLens = new int[b];
        java.util.Arrays.fill(qoLens, sq);
        java.util.Arrays.fill(kvLens, skv);
        CustomMask custom = CustomMask.zeros(qoLens, kvLens, perHead ? hq : 1);
        float[] src = mask.floats();
        for (int r = 0; r < b; r++) {
            for (int h = 0; h < (perHead ? hq : 1); h++) {
                for (int i = 0; i < sq; i++) {
                    for (int j = 0; j < skv; j++) {
                        int from = r * strides[0] + h * strides[1] + i * strides[2] + j * strides[3];
                        custom.bias()[(int) custom.index(r, h, i, sq, skv, j)] = src[from];
                    }
                }
            }
        }
        return custom;
    }
}
