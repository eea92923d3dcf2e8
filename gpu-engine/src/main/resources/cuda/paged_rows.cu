// Serving's PagedAttention on the device (docs/SERVING.md): between the graph's activations of
// storage type T_DATA (float, storage.cuh), laid out as graph_row and graph_head say (RowLayout:
// head-major (heads, total, HEAD_DIM) or token-major (total, heads, HEAD_DIM)), and the attention
// library's token-major 16-bit rows (total, heads, HEAD_DIM) in the cache's dtype (DTYPE_BF16,
// common.cuh). TO_TOKENS 1 converts the graph's q, k or v for the library; TO_TOKENS 0 converts
// the library's output back. One thread per element, grid-stride.
#include "storage.cuh"
#include "common.cuh"

#if TO_TOKENS
extern "C" __global__ void relayout(u16* __restrict__ out, const T_DATA* __restrict__ in, const int heads,
                                    const int total, const int graph_row, const int graph_head) {
#else
extern "C" __global__ void relayout(T_DATA* __restrict__ out, const u16* __restrict__ in, const int heads,
                                    const int total, const int graph_row, const int graph_head) {
#endif
    const RowLayout graph{graph_row, graph_head};
    const i64 n_all = (i64)heads * total * HEAD_DIM;
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < n_all; i += (i64)gridDim.x * blockDim.x) {
        const int e = i % HEAD_DIM;
        const int h = (i / HEAD_DIM) % heads;
        const i64 n = i / ((i64)HEAD_DIM * heads);
        const i64 at = graph.at(n, h) + e;
#if TO_TOKENS
        out[i] = from_float(load_f32(in, at));
#else
        store_f32(out, at, to_float(in[i]));
#endif
    }
}
