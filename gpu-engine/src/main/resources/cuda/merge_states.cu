// Merges partial attention states (o, lse in base 2) into output rows: output row g,
// head h is the merge of partial rows merge_indices[merge_indptr[g] .. merge_indptr[g+1]).
// One warp per (row, head); each lane holds HEAD_DIM / 32 elements. Rows past counts[1]
// (a plan smaller than the fixed grid) do nothing; with keep_unmerged, neither do rows with
// no partial states (a plan's direct items wrote those), else such a row is empty (o = 0,
// lse = -inf), the merge's identity.
#include "common.cuh"

#define PER_LANE (HEAD_DIM / 32)

extern "C" __global__ void __launch_bounds__(128) merge_states(
        const float* __restrict__ partial_o, const float* __restrict__ partial_lse, const int* counts,
        const int* merge_indptr, const int* merge_indices, u16* out, float* out_lse, int num_heads,
        int keep_unmerged) {
    const int warp = threadIdx.x >> 5;
    const int lane = threadIdx.x & 31;
    const long long idx = (long long)blockIdx.x * 4 + warp;
    const int row = (int)(idx / num_heads);
    const int h = (int)(idx % num_heads);
    if (row >= counts[1]) {
        return;
    }
    const int begin = merge_indptr[row];
    const int end = merge_indptr[row + 1];
    if (keep_unmerged && begin == end) {
        return;
    }
    // The max and the weight sum: lanes take partials in turn, then reduce across the warp.
    float mx = NEG_INF;
    for (int i = begin + lane; i < end; i += 32) {
        mx = fmaxf(mx, partial_lse[(long long)merge_indices[i] * num_heads + h]);
    }
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, off));
    }
    float acc[PER_LANE];
#pragma unroll
    for (int j = 0; j < PER_LANE; ++j) {
        acc[j] = 0.f;
    }
    float sum = 0.f;
    if (mx != NEG_INF) {
        for (int i = begin + lane; i < end; i += 32) {
            sum += fast_exp2(partial_lse[(long long)merge_indices[i] * num_heads + h] - mx);
        }
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) {
            sum += __shfl_xor_sync(0xffffffffu, sum, off);
        }
        // Each lane its own dims of every partial; unrolled so that several partials' loads
        // are in flight at once.
#pragma unroll 4
        for (int i = begin; i < end; ++i) {
            long long p = (long long)merge_indices[i] * num_heads + h;
            float w = fast_exp2(partial_lse[p] - mx);
#pragma unroll
            for (int j = 0; j < PER_LANE; ++j) {
                acc[j] = fmaf(w, partial_o[p * HEAD_DIM + j * 32 + lane], acc[j]);
            }
        }
    }
    const long long o = (long long)row * num_heads + h;
#pragma unroll
    for (int j = 0; j < PER_LANE; ++j) {
        out[o * HEAD_DIM + j * 32 + lane] = from_float(sum > 0.f ? acc[j] / sum : 0.f);
    }
    if (lane == 0) {
        out_lse[o] = sum > 0.f ? mx + log2f(sum) : NEG_INF;
    }
}
