// GatherGrad, the adjoint of Gather along one axis: dy (outer, count, inner) adds into
// sums (outer, size, inner) at rows idx[j]. Indices repeat (a token seen twice), so two
// threads may add to one element: the adds are fp32 atomics into sums, which the host zeroed
// on the stream first (and, for bf16 storage, converts afterwards: bf16 has no atomic add
// that keeps the sum's precision). Indices are 64-bit, checked by the host to lie in
// -size..size-1; negative ones count from the end, as Gather reads them. dy is T_DY (storage.cuh).
#include "storage.cuh"

extern "C" __global__ void __launch_bounds__(256) gather_grad(float* __restrict__ sums, const T_DY* __restrict__ dy,
                                                           const i64* __restrict__ idx, i64 n, i64 count, i64 size,
                                                           i64 inner) {
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (i64)gridDim.x * blockDim.x) {
        const i64 k = i % inner;
        const i64 j = (i / inner) % count;
        const i64 o = i / (inner * count);
        const i64 raw = idx[j];
        const i64 row = raw < 0 ? raw + size : raw;
        atomicAdd(sums + (o * size + row) * inner + k, load_f32(dy, i));
    }
}
