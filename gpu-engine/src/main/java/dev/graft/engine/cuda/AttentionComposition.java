package dev.graft.engine.cuda;

import dev.graft.engine.tensor.DType;

/**
 * FusedAttention where the attention library does not serve it ({@link FusedAttentionRoute}),
 * as three queued launches with no copy to the host: scores {@code S = Q K^T} by cuBLAS in
 * fp32, the row softmax of {@code scale * S + mask} with the causal rule (softmax.cu), then
 * {@code O = P V} by cuBLAS. Grouped-query heads need no copy of K or V: query heads
 * {@code h = kv * g + j} are contiguous per KV head, so Q (b, hkv, g * sq, d) multiplies K
 * (b, hkv, skv, d) head by head. Scores take (b, hq, sq, skv) fp32 scratch from the pool.
 */
final class AttentionComposition {
    private AttentionComposition() {
    }

    /** Queues the node's attention into {@code out} (b, hq, sq, dv) from Q, K, V and the optional mask. */
    static void launch(DeviceCall call, DeviceTensor out) {
        int[] qs = call.shape(0);
        int[] ks = call.shape(1);
        int b = qs[0];
        int hq = qs[1];
        int sq = qs[2];
        int d = qs[3];
        int hkv = ks[1];
        int skv = ks[2];
        int dv = call.shape(2)[3];
        int g = hq / hkv;
        int[] scoreShape = {b, hq, sq, skv};
        DeviceTensor q = call.device(0);
        DeviceTensor k = call.device(1);
        DeviceTensor v = call.device(2);
        DeviceTensor mask = call.has(3) ? call.device(3) : null;
        int batch = b * hkv;
        int rows = g * sq;
        try (DeviceTensor scores = call.allocate(DType.FLOAT32, DeviceType.F32, scoreShape, "attention scores");
             DeviceTensor probs = call.allocate(out.dtype(), out.type(), scoreShape, "attention weights")) {
            Cublas blas = call.gpu().cublas();
            blas.gemm(false, true, rows, skv, d, 1f, q, (long) rows * d, k, (long) skv * d, 0f, scores,
                    (long) rows * skv, batch);
            long[] maskStrides = mask == null ? new long[4] : DeviceLayout.broadcastStrides(mask.shape(), scoreShape);
            RowLogits logits = new RowLogits((long) b * hq * sq, skv, sq, hq, skv - sq, maskStrides,
                    call.attributes().getFloat("scale", 1f), call.attributes().getInt("causal", 0) == 1);
            CudaSoftmax.launch(call.gpu(), false, probs, scores, mask, logits);
            blas.gemm(false, false, rows, dv, skv, 1f, probs, (long) rows * skv, v, (long) skv * dv, 0f, out,
                    (long) rows * dv, batch);
        }
    }
}
