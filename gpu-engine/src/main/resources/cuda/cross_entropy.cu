// The per-row terms of SoftmaxCrossEntropy, one warp per row of n logits, in fp32:
// loss[row] = log sum_j exp(z[row, j]) - z[row, label[row]], the log-sum-exp shifted by the
// row's maximum so that large logits do not overflow. The host has checked every label to
// lie in 0..n-1, and takes the mean over rows with reduce.cu. Logits are T_IN (storage.cuh).
#include "storage.cuh"
#include "warp_rows.cuh"

extern "C" __global__ void __launch_bounds__(128) cross_entropy_rows(float* __restrict__ loss,
                                                                  const T_IN* __restrict__ logits,
                                                                  const i64* __restrict__ labels, i64 rows, i64 n) {
    const i64 row = (i64)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) {
        return;
    }
    const i64 base = row * n;
    float mx = -__int_as_float(0x7f800000);
    for (i64 k = lane; k < n; k += 32) {
        mx = fmaxf(mx, load_f32(logits, base + k));
    }
    mx = warp_max(mx);
    float sum = 0.f;
    for (i64 k = lane; k < n; k += 32) {
        sum += expf(load_f32(logits, base + k) - mx);
    }
    sum = warp_sum(sum);
    if (lane == 0) {
        loss[row] = mx + logf(sum) - load_f32(logits, base + labels[row]);
    }
}
