// Batch prefill on Hopper (sm_90a) with warpgroup MMA: the fast path for head dim 128
// without fused RoPE (AttentionKernels dispatches; attention_prefill.cu serves the rest).
// Same work items, variant hooks, online softmax and stores as the mma.sync kernel
// (prefill_rows.cuh); what differs is the matrix side. A CTA of two warpgroups takes 128
// query rows (64 per warpgroup) of one work item and query head; each KV tile of 128
// keys is staged by cp.async in a 128-byte-swizzled layout that wgmma reads through
// shared-memory descriptors, two stages deep so the next tile loads during this one.
//   S = Q K^T: wgmma m64n128k16, Q (A) and K (B) from shared memory, both K-major;
//   O += P V:  wgmma m64n128k16, P (A) from registers (the accumulator layout of S is
//              its fragment layout), V (B) from shared memory as stored, MN-major.
#include "prefill_rows.cuh"

#if HEAD_DIM != 128
#error "attention_prefill_sm90 serves head dim 128"
#endif
#define BQ 128                       // query rows per CTA: two warpgroups of 64
#define BK 128                       // keys per tile
#define THREADS 256
#define ROW_BYTES 128                // 64 elements: the span of the 128-byte swizzle
#define PLANE_BYTES (128 * ROW_BYTES)  // one half (64 elements) of every row of a 128-row tile
#define TILE_BYTES (2 * PLANE_BYTES)   // a Q, K or V tile: 128 rows of HEAD_DIM

#if DTYPE_BF16
#define WG_TYPE "bf16"
#else
#define WG_TYPE "f16"
#endif

// A tile of 128 rows is two planes (elements 0-63 and 64-127 of each row), each row 128
// bytes, its 16-byte chunks XOR-swizzled by row % 8 on 1024-byte-aligned planes: the
// canonical 128-byte-swizzle layout of wgmma, and conflict-free for the cp.async writes.
__device__ __forceinline__ u32 swizzled(int row, int chunk) {
    return (chunk >> 3) * PLANE_BYTES + row * ROW_BYTES + (((chunk & 7) ^ (row & 7)) << 4);
}

// Shared-memory matrix descriptor, 128-byte swizzle: start address, leading-dimension byte
// offset (between 64-element column blocks of an MN-major operand; unused for K-major),
// stride byte offset 1024 (between groups of 8 rows).
__device__ __forceinline__ unsigned long long sw128_desc(u32 addr, u32 leading_bytes) {
    return (unsigned long long)((addr >> 4) & 0x3FFF) | ((unsigned long long)((leading_bytes >> 4) & 0x3FFF) << 16)
           | ((unsigned long long)(1024 >> 4) << 32) | (1ull << 62);
}

#define ACC8(d, i) "+f"(d[i]), "+f"(d[i + 1]), "+f"(d[i + 2]), "+f"(d[i + 3]), \
                   "+f"(d[i + 4]), "+f"(d[i + 5]), "+f"(d[i + 6]), "+f"(d[i + 7])
#define ACC64(d) ACC8(d, 0), ACC8(d, 8), ACC8(d, 16), ACC8(d, 24), ACC8(d, 32), ACC8(d, 40), ACC8(d, 48), ACC8(d, 56)

// d (+)= A B for a 64 x 128 accumulator, A and B both from shared memory (K-major).
__device__ __forceinline__ void wgmma_ss(float (&d)[64], unsigned long long a, unsigned long long b, int accumulate) {
    asm volatile("{ .reg .pred p; setp.ne.b32 p, %66, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k16.f32." WG_TYPE "." WG_TYPE " {"
                 "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "
                 "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, "
                 "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, "
                 "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63"
                 "}, %64, %65, p, 1, 1, 0, 0; }"
                 : ACC64(d)
                 : "l"(a), "l"(b), "r"(accumulate));
}

// d += A B with A from registers (4 16-bit pairs per thread) and B from shared memory,
// MN-major (stored as K rows of N elements: transposed for the instruction).
__device__ __forceinline__ void wgmma_rs(float (&d)[64], const u32 (&a)[4], unsigned long long b) {
    asm volatile("{ .reg .pred p; setp.ne.b32 p, %69, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k16.f32." WG_TYPE "." WG_TYPE " {"
                 "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "
                 "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, "
                 "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, "
                 "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63"
                 "}, {%64, %65, %66, %67}, %68, p, 1, 1, 1; }"
                 : ACC64(d)
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(b), "n"(1));
}

__device__ __forceinline__ void wgmma_fence() {
    asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
}

__device__ __forceinline__ void wgmma_commit() {
    asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
}

__device__ __forceinline__ void wgmma_wait_all() {
    asm volatile("wgmma.wait_group.sync.aligned 0;" ::: "memory");
}

// The accumulators are written behind the compiler's back until the wait: this keeps
// every use of them after it.
__device__ __forceinline__ void pin(float (&d)[64]) {
#pragma unroll
    for (int i = 0; i < 64; ++i) {
        asm volatile("" : "+f"(d[i]) :: "memory");
    }
}

// Shared memory written by cp.async (generic proxy) is read by wgmma (async proxy).
__device__ __forceinline__ void fence_proxy_async() {
    asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
}

extern "C" __global__ void __launch_bounds__(THREADS, 1) attention_prefill_sm90(
        const u16* __restrict__ q, const u16* __restrict__ k, const u16* __restrict__ v,
        const int* kv_indptr, const int* kv_indices, const int* last_page_len, const int* qo_indptr,
        const float* mask, const long long* mask_offsets, const int* counts, const int* items,
        float* partial_o, float* partial_lse, u16* out, float* out_lse, int num_qo_heads, int num_kv_heads,
        int page_size, float sm_scale, float soft_cap, int window_left, float rope_log2_theta) {
    if ((int)blockIdx.x >= counts[0]) {
        return;
    }
    extern __shared__ __align__(1024) unsigned char smem[];
    // Q, then K and V of stage 0, then of stage 1; the host adds 1 KB for this alignment.
    const u32 qs = (smem_addr(smem) + 1023) & ~1023u;

    const WorkItem item = load_item(items, blockIdx.x);
    const VariantParams vp{sm_scale, soft_cap, window_left, rope_log2_theta, num_qo_heads, mask, mask_offsets};
    const int h = blockIdx.y;
    const int kh = h / (num_qo_heads / num_kv_heads);
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int wg = warp >> 2;
    const int r = item.request;
    const int qo_len = qo_indptr[r + 1] - qo_indptr[r];
    const KvRequest kv(kv_indptr, kv_indices, last_page_len, page_size, num_kv_heads, r, kh);
    const int rows = item.qo_end - item.qo_start;
    const PrefillRows rows_ctx{vp, item, rows, wg * 64 + (warp & 3) * 16, lane >> 2, lane & 3, h, qo_len,
                               kv.length, kv.length - qo_len, sm_scale * LOG2E};

    // Thread t copies 16-byte chunk t % 16 of rows t / 16 + 16 i, i < 8: those rows share
    // row % 8, so one swizzled offset serves them all, 16 rows (2048 bytes) apart.
    const int my_chunk = threadIdx.x & 15;
    const int my_row = threadIdx.x >> 4;
    const u32 my_offset = swizzled(my_row, my_chunk);
    {
        const long long q_row0 = (long long)qo_indptr[r] + item.qo_start;
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            int row = my_row + 16 * i;
            bool valid = row < rows;
            long long src = ((q_row0 + (valid ? row : 0)) * num_qo_heads + h) * HEAD_DIM + my_chunk * 8;
            cp_async16(qs + my_offset + i * 16 * ROW_BYTES, q + src, valid);
        }
    }
    // K and V of the tile at key kt into a stage; always one commit, so that "all but the
    // newest group" is the tile about to be used.
    auto load_kv = [&](int stage, int kt) {
        const u32 ks = qs + TILE_BYTES * (1 + 2 * stage);
        if (kt < item.kv_end) {
#pragma unroll
            for (int i = 0; i < 8; ++i) {
                int t = kt + my_row + 16 * i;
                bool valid = t < item.kv_end;
                long long off = (valid ? kv.offset(t) : 0) + my_chunk * 8;
                cp_async16(ks + my_offset + i * 16 * ROW_BYTES, k + off, valid);
                cp_async16(ks + TILE_BYTES + my_offset + i * 16 * ROW_BYTES, v + off, valid);
            }
        }
        cp_async_commit();
    };
    load_kv(0, item.kv_start);
    load_kv(1, item.kv_start + BK);

    float o[1][HEAD_DIM / 8][4];
    float s[1][BK / 8][4];
    float (&o_flat)[64] = *reinterpret_cast<float (*)[64]>(&o[0][0][0]);
    float (&s_flat)[64] = *reinterpret_cast<float (*)[64]>(&s[0][0][0]);
#pragma unroll
    for (int i = 0; i < 64; ++i) {
        o_flat[i] = 0.f;
    }
    float m_row[2] = {NEG_INF, NEG_INF};
    float l_row[2] = {0.f, 0.f};
    const u32 q_rows = qs + wg * 64 * ROW_BYTES;   // this warpgroup's 64 rows of Q
    int stage = 0;
    for (int kt = item.kv_start; kt < item.kv_end; kt += BK) {
        cp_async_wait<1>();
        fence_proxy_async();
        __syncthreads();
        const u32 ks = qs + TILE_BYTES * (1 + 2 * stage);
        const u32 vs = ks + TILE_BYTES;

        // S = Q K^T over the head dim in steps of 16: 32 bytes into a plane's rows, then the next plane.
        wgmma_fence();
#pragma unroll
        for (int kk = 0; kk < HEAD_DIM / 16; ++kk) {
            u32 step = (kk >> 2) * PLANE_BYTES + (kk & 3) * 32;
            wgmma_ss(s_flat, sw128_desc(q_rows + step, 16), sw128_desc(ks + step, 16), kk > 0);
        }
        wgmma_commit();
        wgmma_wait_all();
        pin(s_flat);

        u32 pa[1][BK / 16][4];
        float scale[2];
        softmax_tile<1, BK / 8, false>(rows_ctx, kt, s, o, m_row, l_row, pa, scale);

        // O += P V over the tile's keys in steps of 16 (two 8-row groups, 2048 bytes); the
        // two planes of V are the two 64-wide column blocks of the product.
        wgmma_fence();
#pragma unroll
        for (int kk = 0; kk < BK / 16; ++kk) {
            wgmma_rs(o_flat, pa[0][kk], sw128_desc(vs + kk * 16 * ROW_BYTES, PLANE_BYTES));
        }
        wgmma_commit();
        wgmma_wait_all();
        pin(o_flat);

        __syncthreads();   // both warpgroups are done with this stage
        load_kv(stage, kt + 2 * BK);
        stage ^= 1;
    }

    cp_async_wait<0>();   // an item with no keys still has its query copy in flight
    store_rows<1>(rows_ctx, o, m_row, l_row, qo_indptr, num_qo_heads, partial_o, partial_lse, out, out_lse);
}
