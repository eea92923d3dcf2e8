// Writes new keys and values into the paged cache: block i copies appended row i
// (num_kv_heads * HEAD_DIM elements of K and of V) to the slot of token position[i] of
// request request[i]. The host checked every row against the page table beforehand.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(128) append_paged_kv(
        const u16* __restrict__ new_k, const u16* __restrict__ new_v, const int* request, const int* position,
        u16* k_cache, u16* v_cache, const int* kv_indptr, const int* kv_indices, int page_size,
        int num_kv_heads) {
    const int i = blockIdx.x;
    const int r = request[i];
    const int t = position[i];
    const long long slot = (long long)kv_indices[kv_indptr[r] + t / page_size] * page_size + t % page_size;
    const int chunks = num_kv_heads * HEAD_DIM / 8;
    const uint4* src_k = reinterpret_cast<const uint4*>(new_k + (long long)i * num_kv_heads * HEAD_DIM);
    const uint4* src_v = reinterpret_cast<const uint4*>(new_v + (long long)i * num_kv_heads * HEAD_DIM);
    uint4* dst_k = reinterpret_cast<uint4*>(k_cache + slot * num_kv_heads * HEAD_DIM);
    uint4* dst_v = reinterpret_cast<uint4*>(v_cache + slot * num_kv_heads * HEAD_DIM);
    for (int c = threadIdx.x; c < chunks; c += blockDim.x) {
        dst_k[c] = src_k[c];
        dst_v[c] = src_v[c];
    }
}
