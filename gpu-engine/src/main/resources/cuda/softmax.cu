// Softmax (LOG 0) or LogSoftmax (LOG 1) of rows of length n, one warp per row, in fp32: the
// max, the sum of exponentials, then the output, each a pass over the row. The logits are
// in[row, j] * scale, plus (MASKED 1) an additive mask, and with causal set, -inf where j >
// i + diag: attention's scores, whose rows are (batch, head, query i) of `heads` heads and
// `queries` queries each. The mask is read at b * s0 + h * s1 + i * s2 + j * s3 (strides
// 0 where it broadcasts). Plain Softmax is scale 1, no mask, not causal.
#include "storage.cuh"
#include "warp_rows.cuh"

struct RowLogits {
    i64 rows;
    i64 n;
    i64 queries;
    i64 heads;
    i64 diag;
    i64 mask_stride[4];
    float scale;
    int causal;
};

__device__ __forceinline__ float logit(const T_IN* in, const T_MASK* mask, const RowLogits& p, i64 row, i64 j) {
    const i64 i = row % p.queries;
    if (p.causal && j > i + p.diag) {
        return -__int_as_float(0x7f800000);
    }
    float v = load_f32(in, row * p.n + j) * p.scale;
#if MASKED
    const i64 h = (row / p.queries) % p.heads;
    const i64 b = row / (p.queries * p.heads);
    v += load_f32(mask, b * p.mask_stride[0] + h * p.mask_stride[1] + i * p.mask_stride[2] + j * p.mask_stride[3]);
#endif
    return v;
}

extern "C" __global__ void __launch_bounds__(128) softmax_rows(T_OUT* __restrict__ out, const T_IN* __restrict__ in,
                                                            const T_MASK* __restrict__ mask, const RowLogits p) {
    const i64 row = (i64)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= p.rows) {
        return;
    }
    float mx = -__int_as_float(0x7f800000);
    for (i64 k = lane; k < p.n; k += 32) {
        mx = fmaxf(mx, logit(in, mask, p, row, k));
    }
    mx = warp_max(mx);
    if (mx == -__int_as_float(0x7f800000)) {
        // Every logit masked out: attention gives such a query zeros (docs/OPS.md).
        for (i64 k = lane; k < p.n; k += 32) {
            store_f32(out, row * p.n + k, 0.f);
        }
        return;
    }
    float sum = 0.f;
    for (i64 k = lane; k < p.n; k += 32) {
        sum += expf(logit(in, mask, p, row, k) - mx);
    }
    sum = warp_sum(sum);
#if LOG
    const float log_sum = logf(sum);
    for (i64 k = lane; k < p.n; k += 32) {
        store_f32(out, row * p.n + k, logit(in, mask, p, row, k) - mx - log_sum);
    }
#else
    const float inv = 1.f / sum;
    for (i64 k = lane; k < p.n; k += 32) {
        store_f32(out, row * p.n + k, expf(logit(in, mask, p, row, k) - mx) * inv);
    }
#endif
}
