package dev.graft.engine.cuda;

import dev.graft.attention.KvDType;
import dev.graft.engine.tensor.DType;
import java.util.List;
import java.util.Map;

/**
 * The FusedAttention node on the device, with no copy to the host. Where the attention
 * library serves it ({@link FusedAttentionRoute}): Q, K and V go from the graph's
 * {@code (b, heads, s, d)} to the library's token-major rows {@code (b * s, heads, d)} in
 * its 16-bit type by one strided copy each (the pointwise template, converting storage),
 * the library's attention runs with the plan kept for these shapes ({@link
 * FusedAttentionPlan}), and one more copy brings the output back. Otherwise the cuBLAS
 * composition runs ({@link AttentionComposition}).
 */
final class CudaFusedAttention implements DeviceOp {
    static Map<String, DeviceOp> all() {
        return Map.of("FusedAttention", new CudaFusedAttention());
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] qs = call.shape(0);
        int[] ks = call.shape(1);
        int[] vs = call.shape(2);
        if (qs.length != 4 || ks.length != 4 || vs.length != 4 || ks[0] != qs[0] || vs[0] != qs[0]
                || ks[1] == 0 || qs[1] % ks[1] != 0) {
            return null;
        }
        DeviceTensor out = call.allocate(0, new int[] {qs[0], qs[1], qs[2], vs[3]});
        if (out.size() == 0) {
            return List.of(out);
        }
        if (FusedAttentionRoute.of(qs[3], call.has(3)).library() && ks[2] > 0 && vs[3] == qs[3]) {
            throughLibrary(call, out);
        } else {
            AttentionComposition.launch(call, out);
        }
        return List.of(out);
    }

    private static void throughLibrary(DeviceCall call, DeviceTensor out) {
        int[] qs = call.shape(0);
        int[] ks = call.shape(1);
        int b = qs[0];
        int hq = qs[1];
        int sq = qs[2];
        int d = qs[3];
        int hkv = ks[1];
        int skv = ks[2];
        KvDType dtype = FusedAttentionRoute.libraryType(call.floating());
        boolean causal = call.attributes().getInt("causal", 0) == 1;
        FusedAttentionPlan plan = call.derived(FusedAttentionPlan.key(b, hq, hkv, sq, skv, d, dtype, causal),
                FusedAttentionPlan.class, pool -> FusedAttentionPlan.upload(call.gpu(), pool,
                        FusedAttentionPlan.batch(b, hq, hkv, sq, skv, d, dtype, causal)));
        DeviceType rows = FusedAttentionRoute.libraryStorage(call.floating());
        DType rowsDtype = dtype == KvDType.FP16 ? DType.FLOAT16 : DType.BFLOAT16;
        try (DeviceTensor q = call.allocate(rowsDtype, rows, new int[] {b, sq, hq, d}, "library queries");
             DeviceTensor k = call.allocate(rowsDtype, rows, new int[] {b, skv, hkv, d}, "library keys");
             DeviceTensor v = call.allocate(rowsDtype, rows, new int[] {b, skv, hkv, d}, "library values");
             DeviceTensor o = call.allocate(rowsDtype, rows, new int[] {b, sq, hq, d}, "library output");
             DeviceTensor lse = call.allocate(DType.FLOAT32, DeviceType.F32, new int[] {b * sq, hq}, "library lse")) {
            swapHeadsAndTokens(call.gpu(), call.device(0), q);
            swapHeadsAndTokens(call.gpu(), call.device(1), k);
            swapHeadsAndTokens(call.gpu(), call.device(2), v);
            plan.launch(call.gpu(), call.attributes().getFloat("scale", Float.NaN), q, k, v, o, lse);
            swapHeadsAndTokens(call.gpu(), o, out);
        }
    }

    /**
     * Copies {@code in} (a, x, y, d) into {@code out} (a, y, x, d), converting storage: the
     * graph's head-major layout to the library's token-major rows, or back.
     */
    private static void swapHeadsAndTokens(CudaRuntime gpu, DeviceTensor in, DeviceTensor out) {
        Pointwise.launch(gpu, Pointwise.COPY, out, swapLayout(in.shape()), in);
    }

    /** The copy's walk: over the output (a, y, x, d), reading a contiguous input (a, x, y, d). */
    static DeviceLayout swapLayout(int[] in) {
        long[] s = DeviceLayout.contiguous(in);
        return DeviceLayout.over(new int[] {in[0], in[2], in[1], in[3]})
                .operand(1, 0, new long[] {s[0], s[2], s[1], s[3]}).coalesced();
    }
}
