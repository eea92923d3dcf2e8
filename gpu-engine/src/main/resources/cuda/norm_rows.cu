// Normalization of rows of length n, one warp per row, in fp32: y = (x - c) * rsqrt(s / n
// + eps) * w + b, with c the mean and s the sum of squared deviations (CENTERED 1:
// LayerNorm) or c = 0 and s the sum of squares (CENTERED 0: RMSNorm); b only when
// HAS_BIAS. x and y are T_X and T_OUT, the weight and bias T_W (storage.cuh).
#include "storage.cuh"
#include "warp_rows.cuh"

extern "C" __global__ void __launch_bounds__(128) norm_rows(T_OUT* __restrict__ out, const T_X* __restrict__ in,
                                                         const T_W* __restrict__ w, const T_W* __restrict__ b,
                                                         i64 rows, int n, float eps) {
    const i64 row = (i64)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) {
        return;
    }
    const i64 base = row * n;
    float mean = 0.f;
#if CENTERED
    for (int k = lane; k < n; k += 32) {
        mean += load_f32(in, base + k);
    }
    mean = warp_sum(mean) / n;
#endif
    float spread = 0.f;
    for (int k = lane; k < n; k += 32) {
        const float c = load_f32(in, base + k) - mean;
        spread = fmaf(c, c, spread);
    }
    spread = warp_sum(spread);
    const float inv = 1.f / sqrtf(spread / n + eps);
    for (int k = lane; k < n; k += 32) {
        float v = (load_f32(in, base + k) - mean) * inv * load_f32(w, k);
#if HAS_BIAS
        v += load_f32(b, k);
#endif
        store_f32(out, base + k, v);
    }
}
