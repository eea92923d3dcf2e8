// Merges partial attention states (o, lse in base 2) into output rows: output row g,
// head h is the merge of partial rows merge_indices[merge_indptr[g] .. merge_indptr[g+1]).
// One CTA of MERGE_WARPS warps per (row, head), built to wait on few dependent loads, since
// a row split over many chunks is the case it exists for and its time is latency, not
// bytes: the row's extent is read beside the count, warp w folds partials w, w + MERGE_WARPS,
// ... IN_FLIGHT at a time, each one's lse and row loaded together as soon as its index is
// known, into a running (max, sum, sum of weighted rows) of its own, and the warps' states
// meet once in shared memory. Three dependent global loads in all: extent, indices,
// states; launched overlapped after the attention kernel, only the last waits for it. Each lane holds 4 consecutive elements (one 16-byte load per partial; lanes past
// HEAD_DIM / 4 idle at small head dims). Rows past counts[1] (a plan smaller than the fixed
// grid) do nothing; with keep_unmerged, neither do rows with no partial states (a plan's
// direct items wrote those), else such a row is empty (o = 0, lse = -inf), the merge's
// identity. The output rows are laid out as out_row_stride and out_head_stride say
// (RowLayout); lse is token-major.
#include "common.cuh"

// MERGE_WARPS comes from AttentionKernels.MERGE_WARPS.
#define MERGE_THREADS (MERGE_WARPS * 32)
#define QUADS (HEAD_DIM / 4)
#define QUADS_PER_LANE ((QUADS + 31) / 32)
#define IN_FLIGHT 4   // partials a warp loads at once

// Whether quad j * 32 + lane of a row exists: always, unless the row is shorter than 128.
__device__ __forceinline__ bool lane_holds(int j, int lane) {
    return QUADS % 32 == 0 || j * 32 + lane < QUADS;
}

__device__ __forceinline__ void scale_add(float4& acc, float w, const float4& x) {
    acc.x = fmaf(w, x.x, acc.x);
    acc.y = fmaf(w, x.y, acc.y);
    acc.z = fmaf(w, x.z, acc.z);
    acc.w = fmaf(w, x.w, acc.w);
}

extern "C" __global__ void __launch_bounds__(MERGE_THREADS) merge_states(
        const float* __restrict__ partial_o, const float* __restrict__ partial_lse, const int* counts,
        const int* merge_indptr, const int* merge_indices, u16* out, float* out_lse, int num_heads,
        int keep_unmerged, int out_row_stride, int out_head_stride) {
    const RowLayout out_layout{out_row_stride, out_head_stride};
    __shared__ float warp_max[MERGE_WARPS];
    __shared__ float warp_sum[MERGE_WARPS];
    __shared__ float4 warp_acc[MERGE_WARPS][QUADS];
    const int warp = threadIdx.x >> 5;
    const int lane = threadIdx.x & 31;
    const int row = blockIdx.x / num_heads;
    const int h = blockIdx.x % num_heads;
    // The extent is read beside the count (merge_indptr holds an entry past every row of
    // the grid), so that the two loads wait together.
    const int rows = counts[1];
    const int begin = merge_indptr[row];
    const int end = merge_indptr[row + 1];
    if (row >= rows || (keep_unmerged && begin == end)) {
        return;
    }
    // The warp's running state: max of the lse seen, sum of 2^(lse - max), and the rows
    // weighted by the same.
    float mx = NEG_INF;
    float sum = 0.f;
    float4 acc[QUADS_PER_LANE];
#pragma unroll
    for (int j = 0; j < QUADS_PER_LANE; ++j) {
        acc[j] = make_float4(0.f, 0.f, 0.f, 0.f);
    }
    // Partials base, base + MERGE_WARPS, ... of the warp's next IN_FLIGHT, -1 past the row.
    int partial[IN_FLIGHT];
    auto look_up = [&](int base) {
#pragma unroll
        for (int b = 0; b < IN_FLIGHT; ++b) {
            int i = base + b * MERGE_WARPS;
            partial[b] = i < end ? merge_indices[i] : -1;
        }
    };
    // The plan's arrays are the host's, not the attention kernel's: only the states wait for it.
    look_up(begin + warp);
    wait_for_previous_kernel();
    for (int base = begin + warp; base < end; base += IN_FLIGHT * MERGE_WARPS) {
        if (base != begin + warp) {
            look_up(base);
        }
        float lse[IN_FLIGHT];
        float4 x[IN_FLIGHT][QUADS_PER_LANE];
#pragma unroll
        for (int b = 0; b < IN_FLIGHT; ++b) {
            const long long p = (long long)partial[b] * num_heads + h;
            lse[b] = partial[b] >= 0 ? partial_lse[p] : NEG_INF;
            const float4* src = reinterpret_cast<const float4*>(partial_o + p * HEAD_DIM);
#pragma unroll
            for (int j = 0; j < QUADS_PER_LANE; ++j) {
                x[b][j] = partial[b] >= 0 && lane_holds(j, lane) ? src[j * 32 + lane] : make_float4(0.f, 0.f, 0.f, 0.f);
            }
        }
        float next = mx;
#pragma unroll
        for (int b = 0; b < IN_FLIGHT; ++b) {
            next = fmaxf(next, lse[b]);
        }
        if (next == NEG_INF) {
            continue;   // nothing but empty states so far
        }
        const float rescale = fast_exp2(mx - next);
        sum *= rescale;
#pragma unroll
        for (int j = 0; j < QUADS_PER_LANE; ++j) {
            acc[j].x *= rescale;
            acc[j].y *= rescale;
            acc[j].z *= rescale;
            acc[j].w *= rescale;
        }
        mx = next;
#pragma unroll
        for (int b = 0; b < IN_FLIGHT; ++b) {
            const float w = fast_exp2(lse[b] - mx);
            sum += w;
#pragma unroll
            for (int j = 0; j < QUADS_PER_LANE; ++j) {
                scale_add(acc[j], w, x[b][j]);
            }
        }
    }
    if (lane == 0) {
        warp_max[warp] = mx;
        warp_sum[warp] = sum;
    }
#pragma unroll
    for (int j = 0; j < QUADS_PER_LANE; ++j) {
        if (lane_holds(j, lane)) {
            warp_acc[warp][j * 32 + lane] = acc[j];
        }
    }
    __syncthreads();
    float row_max = NEG_INF;
#pragma unroll
    for (int w = 0; w < MERGE_WARPS; ++w) {
        row_max = fmaxf(row_max, warp_max[w]);
    }
    float weight[MERGE_WARPS];
    float total_sum = 0.f;
#pragma unroll
    for (int w = 0; w < MERGE_WARPS; ++w) {
        weight[w] = row_max == NEG_INF ? 0.f : fast_exp2(warp_max[w] - row_max);
        total_sum += weight[w] * warp_sum[w];
    }
    const float inv = total_sum > 0.f ? 1.f / total_sum : 0.f;
    for (int d = threadIdx.x; d < HEAD_DIM; d += MERGE_THREADS) {
        float total = 0.f;
#pragma unroll
        for (int w = 0; w < MERGE_WARPS; ++w) {
            total = fmaf(weight[w], reinterpret_cast<const float*>(warp_acc[w])[d], total);
        }
        out[out_layout.at(row, h) + d] = from_float(total * inv);
    }
    if (threadIdx.x == 0) {
        out_lse[(long long)row * num_heads + h] = total_sum > 0.f ? row_max + log2f(total_sum) : NEG_INF;
    }
}
