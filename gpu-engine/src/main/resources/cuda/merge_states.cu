// Merges partial attention states (o, lse in base 2) into output rows: output row g,
// head h is the merge of partial rows merge_indices[merge_indptr[g] .. merge_indptr[g+1]).
// One CTA of 4 warps per (row, head). The row's partials go in rounds of 128: each thread
// looks up one partial's row and weight and leaves them in shared memory, then warp w
// folds partials w, w + 4, ... of the round (each lane holds HEAD_DIM / 32 elements, or at
// head dims under 32 one element on the first HEAD_DIM lanes), 8 at
// a time in flight; so a row split into many chunks waits on few dependent loads. The
// warps' sums meet in shared memory. Rows past counts[1] (a plan smaller than the
// fixed grid) do nothing; with keep_unmerged, neither do rows with no partial states (a
// plan's direct items wrote those), else such a row is empty (o = 0, lse = -inf), the
// merge's identity. The output rows are laid out as out_row_stride and out_head_stride say
// (RowLayout); lse is token-major.
#include "common.cuh"

#define PER_LANE ((HEAD_DIM + 31) / 32)

// Whether element j * 32 + lane of a row exists: always, unless the row is shorter than a warp.
__device__ __forceinline__ bool lane_holds(int j, int lane) {
    return HEAD_DIM % 32 == 0 || j * 32 + lane < HEAD_DIM;
}
#define MERGE_WARPS 4
#define MERGE_THREADS (MERGE_WARPS * 32)

// The maximum (MAX) or sum of v over the CTA; every thread gets it.
template <bool MAX>
__device__ __forceinline__ float cta_reduce(float v, float* scratch) {
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        float other = __shfl_xor_sync(0xffffffffu, v, off);
        v = MAX ? fmaxf(v, other) : v + other;
    }
    __syncthreads();   // scratch may still be read by an earlier reduction
    if ((threadIdx.x & 31) == 0) {
        scratch[threadIdx.x >> 5] = v;
    }
    __syncthreads();
    v = scratch[0];
#pragma unroll
    for (int w = 1; w < MERGE_WARPS; ++w) {
        v = MAX ? fmaxf(v, scratch[w]) : v + scratch[w];
    }
    return v;
}

extern "C" __global__ void merge_states(
        const float* __restrict__ partial_o, const float* __restrict__ partial_lse, const int* counts,
        const int* merge_indptr, const int* merge_indices, u16* out, float* out_lse, int num_heads,
        int keep_unmerged, int out_row_stride, int out_head_stride) {
    const RowLayout out_layout{out_row_stride, out_head_stride};
    __shared__ float scratch[MERGE_WARPS];
    __shared__ int round_row[MERGE_THREADS];
    __shared__ float round_weight[MERGE_THREADS];
    __shared__ float warp_acc[MERGE_WARPS][HEAD_DIM];
    const int warp = threadIdx.x >> 5;
    const int lane = threadIdx.x & 31;
    const int row = blockIdx.x / num_heads;
    const int h = blockIdx.x % num_heads;
    if (row >= counts[1]) {
        return;
    }
    const int begin = merge_indptr[row];
    const int end = merge_indptr[row + 1];
    if (keep_unmerged && begin == end) {
        return;
    }
    // The max and the weight sum: threads take partials in turn, then reduce over the CTA.
    float mx = NEG_INF;
    for (int i = begin + threadIdx.x; i < end; i += MERGE_THREADS) {
        mx = fmaxf(mx, partial_lse[(long long)merge_indices[i] * num_heads + h]);
    }
    mx = cta_reduce<true>(mx, scratch);
    float acc[PER_LANE];
#pragma unroll
    for (int j = 0; j < PER_LANE; ++j) {
        acc[j] = 0.f;
    }
    float sum = 0.f;
    if (mx != NEG_INF) {
        for (int base = begin; base < end; base += MERGE_THREADS) {
            if (base + (int)threadIdx.x < end) {
                int partial = merge_indices[base + threadIdx.x];
                float w = fast_exp2(partial_lse[(long long)partial * num_heads + h] - mx);
                round_row[threadIdx.x] = partial;
                round_weight[threadIdx.x] = w;
                sum += w;
            }
            __syncthreads();
            const int n = min(MERGE_THREADS, end - base);
#pragma unroll 8
            for (int i = warp; i < n; i += MERGE_WARPS) {
                long long p = (long long)round_row[i] * num_heads + h;
                float w = round_weight[i];
#pragma unroll
                for (int j = 0; j < PER_LANE; ++j) {
                    if (lane_holds(j, lane)) {
                        acc[j] = fmaf(w, partial_o[p * HEAD_DIM + j * 32 + lane], acc[j]);
                    }
                }
            }
            __syncthreads();   // the next round overwrites the list
        }
        sum = cta_reduce<false>(sum, scratch);
    }
#pragma unroll
    for (int j = 0; j < PER_LANE; ++j) {
        if (lane_holds(j, lane)) {
            warp_acc[warp][j * 32 + lane] = acc[j];
        }
    }
    __syncthreads();
    const long long o = (long long)row * num_heads + h;
    for (int d = threadIdx.x; d < HEAD_DIM; d += MERGE_THREADS) {
        float total = 0.f;
#pragma unroll
        for (int w = 0; w < MERGE_WARPS; ++w) {
            total += warp_acc[w][d];
        }
        out[out_layout.at(row, h) + d] = from_float(sum > 0.f ? total / sum : 0.f);
    }
    if (threadIdx.x == 0) {
        out_lse[o] = sum > 0.f ? mx + log2f(sum) : NEG_INF;
    }
}
