// The unfused baseline's attention over a contiguous KV cache (docs/SERVING.md, "Baselines"):
// the kernels around its two cuBLAS products. The cache is (slots, kv_heads, SLOT_TOKENS,
// HEAD_DIM) per layer for keys and for values; the step's tokens are rows of the graph's
// head-major tensors, q (q_heads, total, HEAD_DIM) and the new k, v (kv_heads, total,
// HEAD_DIM). Token n belongs to slot token_slot[n] at local index token_index[n] (0 for its
// chunk's first token); slot s feeds slot_new[s] tokens this step and holds slot_len[s] keys
// once they are appended (0 and 0 for a slot without a chunk). Queries are packed per slot
// and KV head as (slots used, kv_heads, GROUP * max_new, HEAD_DIM), row j * max_new + t for
// query head kh * GROUP + j, so that one strided-batched product per layer serves the
// step, over the first max_len keys of every slot (max_new and max_len: the most tokens one
// slot feeds and the most keys one slot holds). T_DATA is the storage type of the
// activations and of the cache (float or bf16, storage.cuh).
#include "storage.cuh"
#include "warp_rows.cuh"

// One thread per (kv head, token, element): the step's keys and values into their slots.
extern "C" __global__ void append_rows(T_DATA* __restrict__ k_cache, T_DATA* __restrict__ v_cache,
                                       const T_DATA* __restrict__ k, const T_DATA* __restrict__ v,
                                       const int* __restrict__ token_slot,
                                       const int* __restrict__ token_index, const int* __restrict__ slot_new,
                                       const int* __restrict__ slot_len, const int total, const int kv_heads) {
    const i64 n_all = (i64)kv_heads * total * HEAD_DIM;
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < n_all; i += (i64)gridDim.x * blockDim.x) {
        const int e = i % HEAD_DIM;
        const int n = (i / HEAD_DIM) % total;
        const int h = i / ((i64)HEAD_DIM * total);
        const int s = token_slot[n];
        const int pos = slot_len[s] - slot_new[s] + token_index[n];
        const i64 dst = (((i64)s * kv_heads + h) * SLOT_TOKENS + pos) * HEAD_DIM + e;
        k_cache[dst] = k[i];
        v_cache[dst] = v[i];
    }
}

// One thread per (query head, token, element), in both directions: PACK 1 gathers the graph's
// queries into the packed layout, PACK 0 scatters the packed output back into the graph's.
extern "C" __global__ void repack(T_DATA* __restrict__ out, const T_DATA* __restrict__ in,
                                  const int* __restrict__ token_slot,
                                  const int* __restrict__ token_index, const int total, const int q_heads,
                                  const int kv_heads, const int max_new) {
    const i64 n_all = (i64)q_heads * total * HEAD_DIM;
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < n_all; i += (i64)gridDim.x * blockDim.x) {
        const int e = i % HEAD_DIM;
        const int n = (i / HEAD_DIM) % total;
        const int h = i / ((i64)HEAD_DIM * total);
        const i64 row = ((i64)token_slot[n] * kv_heads + h / GROUP) * GROUP * max_new + (i64)(h % GROUP) * max_new
                + token_index[n];
#if PACK
        out[row * HEAD_DIM + e] = in[i];
#else
        out[i] = in[row * HEAD_DIM + e];
#endif
    }
}

// One warp per packed row (slot, kv head, j, t) of `rows`: the softmax of the scaled scores
// over the keys query t of its slot sees (slot_len - slot_new + t + 1 of them), zeros after
// them, and a row of zeros for a padding row (t >= slot_new), so P V reads no stale value.
extern "C" __global__ void __launch_bounds__(128) causal_softmax(T_DATA* __restrict__ probs,
                                                               const float* __restrict__ scores,
                                                               const int* __restrict__ slot_new,
                                                               const int* __restrict__ slot_len, const i64 rows,
                                                               const int max_new, const int max_len,
                                                               const int kv_heads, const float scale) {
    const i64 row = (i64)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) {
        return;
    }
    const int t = row % max_new;
    const int s = row / ((i64)max_new * GROUP * kv_heads);
    const int visible = t < slot_new[s] ? slot_len[s] - slot_new[s] + t + 1 : 0;
    const float* in = scores + row * max_len;
    float mx = -__int_as_float(0x7f800000);
    for (int c = lane; c < visible; c += 32) {
        mx = fmaxf(mx, in[c] * scale);
    }
    mx = warp_max(mx);
    float sum = 0.f;
    for (int c = lane; c < visible; c += 32) {
        sum += expf(in[c] * scale - mx);
    }
    sum = warp_sum(sum);
    const float inv = visible > 0 ? 1.f / sum : 0.f;
    for (int c = lane; c < max_len; c += 32) {
        store_f32(probs, row * max_len + c, c < visible ? expf(in[c] * scale - mx) * inv : 0.f);
    }
}
