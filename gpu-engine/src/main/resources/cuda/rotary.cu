// Rotary embedding in the rotate-half form over fp32: out = x * cos + rotate_half(x) * sin,
// rotate_half(x)[i] = -x[i + d/2] for i < d/2, x[i - d/2] otherwise (d, the last axis, is
// even). dims holds RANK output sizes, then cos's and sin's strides (0 where they broadcast).
#include "broadcast.cuh"

extern "C" __global__ void __launch_bounds__(256) rotary(const float* __restrict__ x, const float* __restrict__ cos_t,
                                                      const float* __restrict__ sin_t, float* __restrict__ out,
                                                      long long n, const long long* __restrict__ dims, int rank) {
    const long long d = dims[rank - 1];
    const long long half = d / 2;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        long long ic, is;
        broadcast_offsets(i, dims, rank, &ic, &is);
        long long pos = i % d;
        float rotated = pos < half ? -x[i + half] : x[i - half];
        out[i] = x[i] * cos_t[ic] + rotated * sin_t[is];
    }
}
