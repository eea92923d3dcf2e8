// Normalization of fp32 rows of length n, one warp per row: y = (x - c) * rsqrt(s / n + eps)
// * w + b, with c the mean and s the sum of squared deviations (CENTERED 1: LayerNorm) or
// c = 0 and s the sum of squares (CENTERED 0: RMSNorm); b only when HAS_BIAS.
#include "warp_rows.cuh"

extern "C" __global__ void __launch_bounds__(128) norm_rows(const float* __restrict__ in, const float* __restrict__ w,
                                                         const float* __restrict__ b, float* __restrict__ out,
                                                         long long rows, int n, float eps) {
    const long long row = (long long)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) {
        return;
    }
    const float* x = in + row * n;
    float* y = out + row * n;
    float mean = 0.f;
#if CENTERED
    for (int k = lane; k < n; k += 32) {
        mean += x[k];
    }
    mean = warp_sum(mean) / n;
#endif
    float spread = 0.f;
    for (int k = lane; k < n; k += 32) {
        float c = x[k] - mean;
        spread = fmaf(c, c, spread);
    }
    spread = warp_sum(spread);
    const float inv = 1.f / sqrtf(spread / n + eps);
    for (int k = lane; k < n; k += 32) {
#if HAS_BIAS
        y[k] = (x[k] - mean) * inv * w[k] + b[k];
#else
        y[k] = (x[k] - mean) * inv * w[k];
#endif
    }
}
