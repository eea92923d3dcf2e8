// ONNX Gather along one axis: out (outer, count, inner) takes data (outer, size, inner) at
// the given indices, already checked and made non-negative by the host. Data and output
// are T_DATA (storage.cuh); indices are 64-bit.
#include "storage.cuh"

extern "C" __global__ void __launch_bounds__(256) gather(T_DATA* __restrict__ out, const T_DATA* __restrict__ data,
                                                      const i64* __restrict__ idx, i64 n, i64 count, i64 size,
                                                      i64 inner) {
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (i64)gridDim.x * blockDim.x) {
        const i64 k = i % inner;
        const i64 j = (i / inner) % count;
        const i64 o = i / (inner * count);
        out[i] = data[(o * size + idx[j]) * inner + k];
    }
}
