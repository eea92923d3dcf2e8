// Shared pieces of Graft's attention kernels: 16-bit storage types, conversions, cp.async
// copies, and where a token's keys and values live (paged or ragged). No CUDA headers are needed:
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

// 2^x in one instruction (MUFU.EX2); 2^-inf = 0. Relative error about 2^-22.
__device__ __forceinline__ float fast_exp2(float x) {
    float y;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x));
    return y;
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
#if DTYPE_BF16
    // A bf16 is the upper half of its float: one shift or mask per element, on whole words.
    const u32 w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        out[2 * i] = __uint_as_float(w[i] << 16);
        out[2 * i + 1] = __uint_as_float(w[i] & 0xffff0000u);
    }
#else
    const u16* h = reinterpret_cast<const u16*>(&v);
#pragma unroll
    for (int i = 0; i < 8; ++i) {
        out[i] = to_float(h[i]);
    }
#endif
}

// Asynchronous copies global -> shared (cp.async, sm_80 on). Shared-memory operands are
// 32-bit shared-space byte addresses, computed once per thread and offset by constants, so
// the hot loops carry no 64-bit address arithmetic. An invalid copy zero-fills its 16 bytes.
__device__ __forceinline__ u32 smem_addr(const void* p) {
    u32 a;
    asm("{ .reg .u64 t; cvta.to.shared.u64 t, %1; cvt.u32.u64 %0, t; }" : "=r"(a) : "l"(p));
    return a;
}

__device__ __forceinline__ void cp_async16(u32 dst, const void* src, bool valid) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" :: "r"(dst), "l"(src), "r"(valid ? 16 : 0));
}

__device__ __forceinline__ void cp_async_commit() {
    asm volatile("cp.async.commit_group;");
}

// The same for data read once, such as decode's keys and values: marked for L2 to drop
// first (policy from read_once_policy), so that the stream does not evict what every CTA
// reads before it can start streaming (the plan, the page table, the queries).
__device__ __forceinline__ void cp_async16_read_once(u32 dst, const void* src, bool valid,
                                                     unsigned long long policy) {
    asm volatile("cp.async.cg.shared.global.L2::cache_hint [%0], [%1], 16, %2, %3;"
                 :: "r"(dst), "l"(src), "r"(valid ? 16 : 0), "l"(policy));
}

__device__ __forceinline__ unsigned long long read_once_policy() {
    unsigned long long policy;
    asm("createpolicy.fractional.L2::evict_first.b64 %0, 1.0;" : "=l"(policy));
    return policy;
}

// Waits until at most N committed groups are still in flight.
template <int N>
__device__ __forceinline__ void cp_async_wait() {
    asm volatile("cp.async.wait_group %0;" :: "n"(N));
}

// Programmatic dependent launch (compute capability 9.0 on; no-ops below): a kernel
// launched overlapped (OverlappedLaunch.java) waits here until the kernel before it on the
// stream has finished and its writes are visible; that kernel lets it launch early, while
// its own last CTAs finish, by saying it may.
__device__ __forceinline__ void wait_for_previous_kernel() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

__device__ __forceinline__ void let_next_kernel_launch() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;");
#endif
}

// The batch's KV: PAGED = 1 reads pages of (page_size, num_kv_heads, HEAD_DIM) through a
// CSR page table; PAGED = 0 reads ragged rows of (num_kv_heads, HEAD_DIM) by kv_indptr.
// Bound to one request and KV head, so the per-token address is a shift, a mask and (paged)
// one page-table load: page sizes that are powers of two avoid the integer division.
struct KvRequest {
    const int* indices;
    long long head_base;   // elements to (slot 0 or row 0, kv head) of this request
    int first;             // kv_indptr[r]: first page or first row
    int length;
    int page_size;
    int page_shift;        // log2(page_size), or -1 when it is no power of two
    int row_elems;         // num_kv_heads * HEAD_DIM

    __device__ __forceinline__ KvRequest(const int* indptr, const int* idx, const int* last_page_len,
                                         int page_size_, int num_kv_heads, int r, int kh)
        : indices(idx), page_size(page_size_), row_elems(num_kv_heads * HEAD_DIM) {
        first = indptr[r];
        head_base = (long long)kh * HEAD_DIM;
#if PAGED
        int pages = indptr[r + 1] - first;
        length = pages == 0 ? 0 : (pages - 1) * page_size + last_page_len[r];
        page_shift = (page_size & (page_size - 1)) == 0 ? __ffs(page_size) - 1 : -1;
#else
        length = indptr[r + 1] - first;
        page_shift = 0;
#endif
    }

    // Element offset of (token t, this kv head, dim 0).
    __device__ __forceinline__ long long offset(int t) const {
#if PAGED
        int page, in_page;
        if (page_shift >= 0) {
            page = t >> page_shift;
            in_page = t & (page_size - 1);
        } else {
            page = t / page_size;
            in_page = t - page * page_size;
        }
        long long slot = (long long)indices[first + page] * page_size + in_page;
#else
        long long slot = (long long)first + t;
#endif
        return slot * row_elems + head_base;
    }
};

// Where row n, head h of the queries, the output or appended keys and values starts, in
// elements: n * row + h * head. The library's own layout is token-major (row = heads *
// HEAD_DIM, head = HEAD_DIM); a caller may hand its tensors in another, such as a graph's
// head-major (heads, rows, HEAD_DIM) with row = HEAD_DIM, head = rows * HEAD_DIM, and
// the kernels read and write them in place. Both strides are multiples of 8 elements, so
// 16-byte loads stay aligned.
struct RowLayout {
    int row;
    int head;

    __device__ __forceinline__ long long at(long long n, int h) const {
        return n * row + (long long)h * head;
    }
};

// The parameters of every kernel of the attention family (decode, prefill, Hopper prefill),
// in the order CudaAttention.launch passes them: written once, so that the kernels and
// their one launch cannot drift apart. q and out are laid out as qo_row_stride and
// qo_head_stride say (RowLayout); the variant's numbers become a VariantParams.
#define ATTENTION_KERNEL_PARAMS                                                                            \
        const u16* __restrict__ q, const u16* __restrict__ k, const u16* __restrict__ v,                   \
        const int* kv_indptr, const int* kv_indices, const int* last_page_len, const int* qo_indptr,       \
        const float* mask, const long long* mask_offsets, const int* counts, const int* items,             \
        float* partial_o, float* partial_lse, u16* out, float* out_lse, int num_qo_heads, int num_kv_heads, \
        int page_size, float sm_scale, float soft_cap, int window_left, float rope_log2_theta,             \
        int qo_row_stride, int qo_head_stride

// One scheduled work item, as AttentionPlan encodes it. partial_row DIRECT_ITEM: the item
// is alone on its rows and writes their output (rounded, with lse) in place of partial states.
#define DIRECT_ITEM (-1)
struct WorkItem {
    int request, qo_start, qo_end, kv_start, kv_end, partial_row;
};

__device__ __forceinline__ WorkItem load_item(const int* items, int i) {
    const int* p = items + i * 6;
    return WorkItem{p[0], p[1], p[2], p[3], p[4], p[5]};
}
