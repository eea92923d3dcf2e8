// Merges partial attention states (o, lse in base 2) into output rows: output row g,
// head h is the merge of partial rows merge_indices[merge_indptr[g] .. merge_indptr[g+1]).
// One CTA of MERGE_WARPS warps per (row, head), built to wait on few dependent loads (a
// row split over many chunks is the case it exists for): the row's partials go in rounds
// of one per thread; each thread looks up its partial's row and lse once and leaves them
// in shared memory; after the CTA's maximum, warp w folds partials w, w + MERGE_WARPS, ...
// of the round, each lane holding 4 consecutive elements (one 16-byte load per partial;
// lanes past HEAD_DIM / 4 idle at small head dims) and 8 partials in flight. The warps'
// sums meet in shared memory. Rows past counts[1] (a plan smaller than the fixed grid) do
// nothing; with keep_unmerged, neither do rows with no partial states (a plan's direct
// items wrote those), else such a row is empty (o = 0, lse = -inf), the merge's identity.
// The output rows are laid out as out_row_stride and out_head_stride say (RowLayout); lse
// is token-major.
#include "common.cuh"

// MERGE_WARPS comes from AttentionKernels.MERGE_WARPS.
#define MERGE_THREADS (MERGE_WARPS * 32)
#define QUADS (HEAD_DIM / 4)
#define QUADS_PER_LANE ((QUADS + 31) / 32)

// Whether quad j * 32 + lane of a row exists: always, unless the row is shorter than 128.
__device__ __forceinline__ bool lane_holds(int j, int lane) {
    return QUADS % 32 == 0 || j * 32 + lane < QUADS;
}

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

extern "C" __global__ void __launch_bounds__(MERGE_THREADS) merge_states(
        const float* __restrict__ partial_o, const float* __restrict__ partial_lse, const int* counts,
        const int* merge_indptr, const int* merge_indices, u16* out, float* out_lse, int num_heads,
        int keep_unmerged, int out_row_stride, int out_head_stride) {
    const RowLayout out_layout{out_row_stride, out_head_stride};
    __shared__ float scratch[MERGE_WARPS];
    __shared__ int round_row[MERGE_THREADS];
    __shared__ float round_lse[MERGE_THREADS];
    __shared__ float4 warp_acc[MERGE_WARPS][QUADS];
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
    // The first round's partials are looked up once here and kept for the fold.
    float first_lse = NEG_INF;
    if (begin + (int)threadIdx.x < end) {
        int partial = merge_indices[begin + threadIdx.x];
        first_lse = partial_lse[(long long)partial * num_heads + h];
        round_row[threadIdx.x] = partial;
        round_lse[threadIdx.x] = first_lse;
    }
    float mx = first_lse;
    for (int i = begin + MERGE_THREADS + threadIdx.x; i < end; i += MERGE_THREADS) {
        mx = fmaxf(mx, partial_lse[(long long)merge_indices[i] * num_heads + h]);
    }
    mx = cta_reduce<true>(mx, scratch);   // its barriers also publish the first round
    float4 acc[QUADS_PER_LANE];
#pragma unroll
    for (int j = 0; j < QUADS_PER_LANE; ++j) {
        acc[j] = make_float4(0.f, 0.f, 0.f, 0.f);
    }
    float sum = 0.f;
    if (mx != NEG_INF) {
        for (int base = begin; base < end; base += MERGE_THREADS) {
            if (base != begin) {
                __syncthreads();   // every warp is done with the last round's list
                if (base + (int)threadIdx.x < end) {
                    int partial = merge_indices[base + threadIdx.x];
                    round_row[threadIdx.x] = partial;
                    round_lse[threadIdx.x] = partial_lse[(long long)partial * num_heads + h];
                }
                __syncthreads();
            }
            if (base + (int)threadIdx.x < end) {
                sum += fast_exp2(round_lse[threadIdx.x] - mx);
            }
            const int n = min(MERGE_THREADS, end - base);
#pragma unroll 8
            for (int i = warp; i < n; i += MERGE_WARPS) {
                const float4* p = reinterpret_cast<const float4*>(
                        partial_o + ((long long)round_row[i] * num_heads + h) * HEAD_DIM);
                float w = fast_exp2(round_lse[i] - mx);
#pragma unroll
                for (int j = 0; j < QUADS_PER_LANE; ++j) {
                    if (lane_holds(j, lane)) {
                        float4 x = p[j * 32 + lane];
                        acc[j].x = fmaf(w, x.x, acc[j].x);
                        acc[j].y = fmaf(w, x.y, acc[j].y);
                        acc[j].z = fmaf(w, x.z, acc[j].z);
                        acc[j].w = fmaf(w, x.w, acc[j].w);
                    }
                }
            }
        }
        sum = cta_reduce<false>(sum, scratch);
    }
#pragma unroll
    for (int j = 0; j < QUADS_PER_LANE; ++j) {
        if (lane_holds(j, lane)) {
            warp_acc[warp][j * 32 + lane] = acc[j];
        }
    }
    __syncthreads();
    const long long o = (long long)row * num_heads + h;
    const float inv = sum > 0.f ? 1.f / sum : 0.f;
    for (int d = threadIdx.x; d < HEAD_DIM; d += MERGE_THREADS) {
        float total = 0.f;
#pragma unroll
        for (int w = 0; w < MERGE_WARPS; ++w) {
            total += reinterpret_cast<const float*>(warp_acc[w])[d];
        }
        out[out_layout.at(row, h) + d] = from_float(total * inv);
    }
    if (threadIdx.x == 0) {
        out_lse[o] = sum > 0.f ? mx + log2f(sum) : NEG_INF;
    }
}
