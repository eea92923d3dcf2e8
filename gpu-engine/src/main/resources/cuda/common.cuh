// Shared pieces of Graft's attention kernels: 16-bit storage types, conversions, and
// where a token's keys and values live (paged or ragged). No CUDA headers are needed:
// conversions are PTX, so NVRTC compiles these without an include path.
#pragma once

typedef unsigned short u16;
typedef unsigned int u32;

#define LOG2E 1.4426950408889634f
#define NEG_INF (-__int_as_float(0x7f800000))

// DTYPE_BF16 = 1: bf16 storage; 0: fp16 storage. Arithmetic is fp32 either way.
__device__ __forceinline__ float to_float(u16 x) {
#if DTYPE_BF16
    return __uint_as_float(((u32)x) << 16);
#else
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(x));
    return f;
#endif
}

__device__ __forceinline__ u16 from_float(float f) {
    u16 r;
#if DTYPE_BF16
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(r) : "f"(f));
#else
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(r) : "f"(f));
#endif
    return r;
}

// Two floats as one register of two 16-bit values, lo in the low half (the lower column).
__device__ __forceinline__ u32 pack2(float lo, float hi) {
    u32 r;
#if DTYPE_BF16
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
#else
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
#endif
    return r;
}

__device__ __forceinline__ void unpack8(const uint4& v, float* out) {
    const u16* h = reinterpret_cast<const u16*>(&v);
#pragma unroll
    for (int i = 0; i < 8; ++i) {
        out[i] = to_float(h[i]);
    }
}

// The batch's KV: PAGED = 1 reads pages of (page_size, num_kv_heads, HEAD_DIM) through a
// CSR page table; PAGED = 0 reads ragged rows of (num_kv_heads, HEAD_DIM) by kv_indptr.
struct KvLayout {
    const int* indptr;
    const int* indices;
    const int* last_page_len;
    int page_size;
    int num_kv_heads;

    __device__ __forceinline__ int length(int r) const {
#if PAGED
        int pages = indptr[r + 1] - indptr[r];
        return pages == 0 ? 0 : (pages - 1) * page_size + last_page_len[r];
#else
        return indptr[r + 1] - indptr[r];
#endif
    }

    // Element offset of (request r, token t, kv head kh, dim 0).
    __device__ __forceinline__ long long offset(int r, int t, int kh) const {
#if PAGED
        long long slot = (long long)indices[indptr[r] + t / page_size] * page_size + t % page_size;
#else
        long long slot = (long long)indptr[r] + t;
#endif
        return (slot * num_kv_heads + kh) * HEAD_DIM;
    }
};

// One scheduled work item, as AttentionPlan encodes it.
struct WorkItem {
    int request, qo_start, qo_end, kv_start, kv_end, partial_row;
};

__device__ __forceinline__ WorkItem load_item(const int* items, int i) {
    const int* p = items + i * 6;
    return WorkItem{p[0], p[1], p[2], p[3], p[4], p[5]};
}
