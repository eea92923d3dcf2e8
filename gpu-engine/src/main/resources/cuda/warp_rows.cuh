// Reductions of the one-warp-per-row templates (norm_rows.cu, softmax.cu, reduce.cu): each lane holds
// a partial over columns lane, lane + 32, ...; after the butterfly every lane holds the
// whole row's value.
#pragma once

__device__ __forceinline__ float warp_sum(float v) {
    for (int off = 16; off > 0; off >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, off);
    }
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int off = 16; off > 0; off >>= 1) {
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, off));
    }
    return v;
}
