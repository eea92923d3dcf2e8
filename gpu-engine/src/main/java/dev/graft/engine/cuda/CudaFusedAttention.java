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
 * a mask input goes, broadcast, to the library's fp32 custom mask by one more, the
 * library's attention runs with the plan kept for these shapes ({@link
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
        long maskEntries = call.has(3)
                ? (long) qs[0] * FusedAttentionRoute.maskHeads(call.shape(3), qs[1]) * qs[2] * ks[2] : 0;
        if (FusedAttentionRoute.of(qs[3], maskEntries).library() && ks[2] > 0 && vs[3] == qs[3]) {
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
        int maskHeads = call.has(3) ? FusedAttentionRoute.maskHeads(call.shape(3), hq) : 0;
        FusedAttentionPlan plan = call.derived(FusedAttentionPlan.key(b, hq, hkv, sq, skv, d, dtype, causal, maskHeads),
                FusedAttentionPlan.class, pool -> FusedAttentionPlan.upload(call.gpu(), pool,
                        FusedAttentionPlan.batch(b, hq, hkv, sq, skv, d, dtype, causal, maskHeads)));
        DeviceType rows = FusedAttentionRoute.libraryStorage(call.floating());
        DType rowsDtype = dtype == KvDType.FP16 ? DType.FLOAT16 : DType.BFLOAT16;
        try (DeviceTensor q = call.allocate(rowsDtype, rows, new int[] {b, sq, hq, d}, "library queries");
             DeviceTensor k = call.allocate(rowsDtype, rows, new int[] {b, skv, hkv, d}, "library keys");
             DeviceTensor v = call.allocate(rowsDtype, rows, new int[] {b, skv, hkv, d}, "library values");
             DeviceTensor o = call.allocate(rowsDtype, rows, new int[] {b, sq, hq, d}, "library output");
             DeviceTensor lse = call.allocate(DType.FLOAT32, DeviceType.F32, new int[] {b * sq, hq}, "library lse");
             DeviceTensor mask = maskHeads == 0 ? null : call.allocate(DType.FLOAT32, DeviceType.F32,
                     new int[] {b, maskHeads, sq, skv}, "library mask")) {
            swapHeadsAndTokens(call.gpu(), call.device(0), q);
            swapHeadsAndTokens(call.gpu(), call.device(1), k);
            swapHeadsAndTokens(call.gpu(), call.device(2), v);
            if (mask != null) {
                Pointwise.launch(call.gpu(), Pointwise.COPY, mask, maskLayout(call.shape(3), b, hq, sq, skv), call.device(3));
            }
            plan.launch(call.gpu(), call.attributes().getFloat("scale", Float.NaN), q, k, v, mask, o, lse);
            swapHeadsAndTokens(call.gpu(), o, out);
        }
    }

    /**
     * The copy's walk from a mask of shape {@code mask}, broadcast to the scores {@code (b,
     * hq, sq, skv)}, into the library's custom mask {@code (b, maskHeads, sq, skv)}: request
     * r's block at {@code r * maskHeads * sq * skv}, as {@link FusedAttentionPlan}'s offsets say.
     */
    static DeviceLayout maskLayout(int[] mask, int b, int hq, int sq, int skv) {
        int maskHeads = FusedAttentionRoute.maskHeads(mask, hq);
        long[] s = DeviceLayout.broadcastStrides(mask, new int[] {b, hq, sq, skv});
        return DeviceLayout.over(new int[] {b, maskHeads, sq, skv})
                .operand(1, 0, new long[] {s[0], maskHeads == 1 ? 0 : s[1], s[2], s[3]}).coalesced();
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
