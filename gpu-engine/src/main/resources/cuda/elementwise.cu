// One elementwise op over broadcast fp32 operands: out[i] = EXPR, with x = a[...] and (ARITY 2)
// y = b[...]. dims holds RANK output sizes, then a's and b's strides in elements (0 on a
// broadcast axis). The op is a definition, so every ONNX elementwise op is this one template.
#include "broadcast.cuh"

extern "C" __global__ void __launch_bounds__(256) elementwise(const float* __restrict__ a, const float* __restrict__ b,
                                                           float* __restrict__ out, long long n,
                                                           const long long* __restrict__ dims, int rank) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        long long ia, ib;
        broadcast_offsets(i, dims, rank, &ia, &ib);
        float x = a[ia];
#if ARITY == 2
        float y = b[ib];
#endif
        out[i] = EXPR;
    }
}
