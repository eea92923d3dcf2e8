// Serving's PagedAttention on the device (docs/SERVING.md): between the graph's head-major
// activations (heads, total, HEAD_DIM) of storage type T_DATA (float or bf16, storage.cuh) and the
// attention library's token-major 16-bit rows (total, heads, HEAD_DIM) in the cache's dtype
// (DTYPE_BF16, common.cuh). TO_TOKENS 1 converts the graph's q, k or v for the library;
// TO_TOKENS 0 converts the library's output back. One thread per element, grid-stride.
#include "storage.cuh"
#include "common.cuh"

#if TO_TOKENS
extern "C" __global__ void relayout(u16* __restrict__ out, const T_DATA* __restrict__ in, const int heads,
                                    const int total) {
#else
extern "C" __global__ void relayout(T_DATA* __restrict__ out, const u16* __restrict__ in, const int heads,
                                    const int total) {
#endif
    const i64 n_all = (i64)heads * total * HEAD_DIM;
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < n_all; i += (i64)gridDim.x * blockDim.x) {
        const int e = i % HEAD_DIM;
        const int n = (i / HEAD_DIM) % total;
        const int h = i / ((i64)HEAD_DIM * total);
        const i64 token_major = ((i64)n * heads + h) * HEAD_DIM + e;
#if TO_TOKENS
        out[token_major] = from_float(load_f32(in, i));
#else
        store_f32(out, i, to_float(in[token_major]));
#endif
    }
}
