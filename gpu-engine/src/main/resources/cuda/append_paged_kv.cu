// Writes new keys and values into the paged cache: block i copies appended row i
// (num_kv_heads * HEAD_DIM elements of K and of V, laid out as new_row_stride and
// new_head_stride say: RowLayout) to the slot of token position[i] of request request[i].
// The host checked every row against the page table beforehand.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(128) append_paged_kv(
        const u16* __restrict__ new_k, const u16* __restrict__ new_v, const int* request, const int* position,
        u16* k_cache, u16* v_cache, const int* kv_indptr, const int* kv_indices, int page_size,
        int num_kv_heads, int new_row_stride, int new_head_stride) {
    const RowLayout rows{new_row_stride, new_head_stride};
    const int i = blockIdx.x;
    const int r = request[i];
    const int t = position[i];
    const long long slot = (long long)kv_indices[kv_indptr[r] + t / page_size] * page_size + t % page_size;
    const int chunks = num_kv_heads * HEAD_DIM / 8;
    uint4* dst_k = reinterpret_cast<uint4*>(k_cache + slot * num_kv_heads * HEAD_DIM);
    uint4* dst_v = reinterpret_cast<uint4*>(v_cache + slot * num_kv_heads * HEAD_DIM);
    for (int c = threadIdx.x; c < chunks; c += blockDim.x) {
        const long long src = rows.at(i, c / (HEAD_DIM / 8)) + c % (HEAD_DIM / 8) * 8;
        dst_k[c] = *reinterpret_cast<const uint4*>(new_k + src);
        dst_v[c] = *reinterpret_cast<const uint4*>(new_v + src);
    }
}
