// Batch prefill on Hopper (sm_90a) with warpgroup MMA: the fast path for head dim 128
// without fused RoPE (AttentionKernels dispatches; attention_prefill.cu serves the rest).
// Same work items, variant hooks, online softmax and stores as the mma.sync kernel
// (prefill_rows.cuh); what differs is the matrix side. A CTA of two warpgroups takes 128
// query rows (64 per warpgroup) of one work item and query head; each KV tile of 128
// keys is staged by cp.async in a 128-byte-swizzled layout that wgmma reads through
// shared-memory descriptors, two stages each of K and V.
//   S = Q K^T: wgmma m64n128k16, Q (A) and K (B) from shared memory, both K-major;
//   O += P V:  wgmma m64n128k16, P (A) from registers (the accumulator layout of S is
//              its fragment layout), V (B) from shared memory as stored, MN-major.
// The softmax of tile j + 1 runs while the tensor cores compute P_j V_j: each step issues
// S_{j+1} and then P_j V_j, waits for S_{j+1} only, and rescales O once P_j V_j is in.
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

// d = A B (FIRST: d's old value is not read, so it is no input the compiler must keep
// ready) or d += A B, for a 64 x 128 accumulator, A and B from shared memory (K-major).
#define OUT8(d, i) "=f"(d[i]), "=f"(d[i + 1]), "=f"(d[i + 2]), "=f"(d[i + 3]), \
                   "=f"(d[i + 4]), "=f"(d[i + 5]), "=f"(d[i + 6]), "=f"(d[i + 7])
#define OUT64(d) OUT8(d, 0), OUT8(d, 8), OUT8(d, 16), OUT8(d, 24), OUT8(d, 32), OUT8(d, 40), OUT8(d, 48), OUT8(d, 56)
// The 64 accumulator operands %0-%63 of an m64n128 wgmma, then "{ ... }," as PTX wants them.
#define WGMMA_ACC_OPERANDS                                                                    \
    "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "                 \
    "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, "        \
    "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, "        \
    "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, "
// The instruction up to its operands, behind predicate p = SCALE_D (the instruction takes
// scale-d as a predicate only): 0 ignores d's old value, 1 adds to it.
#define WGMMA_M64N128K16(SCALE_D) "{ .reg .pred p; setp.ne.b32 p, " #SCALE_D ", 0;\n"                  \
    "wgmma.mma_async.sync.aligned.m64n128k16.f32." WG_TYPE "." WG_TYPE " " WGMMA_ACC_OPERANDS
// A and B from shared memory (descriptors %64, %65), both K-major.
#define WGMMA_SS(SCALE_D) WGMMA_M64N128K16(SCALE_D) "%64, %65, p, 1, 1, 0, 0; }"

template <bool FIRST>
__device__ __forceinline__ void wgmma_ss(float (&d)[64], unsigned long long a, unsigned long long b) {
    if (FIRST) {
        asm volatile(WGMMA_SS(0) : OUT64(d) : "l"(a), "l"(b));
    } else {
        asm volatile(WGMMA_SS(1) : ACC64(d) : "l"(a), "l"(b));
    }
}

// d += A B with A from registers (4 16-bit pairs per thread) and B from shared memory,
// MN-major (stored as K rows of N elements: transposed for the instruction).
__device__ __forceinline__ void wgmma_rs(float (&d)[64], const u32 (&a)[4], unsigned long long b) {
    asm volatile(WGMMA_M64N128K16(1) "{%64, %65, %66, %67}, %68, p, 1, 1, 1; }"
                 : ACC64(d)
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(b));
}

__device__ __forceinline__ void wgmma_fence() {
    asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
}

__device__ __forceinline__ void wgmma_commit() {
    asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
}

// Waits until at most N committed groups of this warpgroup's wgmma are in flight.
template <int N>
__device__ __forceinline__ void wgmma_wait() {
    asm volatile("wgmma.wait_group.sync.aligned %0;" :: "n"(N) : "memory");
}

// An in-flight wgmma writes its accumulators and reads its A registers behind the
// compiler's back until the wait: pinning them after the wait keeps every use of the
// accumulators after it, and the A registers from being reused before it.
__device__ __forceinline__ void pin(float (&d)[64]) {
#pragma unroll
    for (int i = 0; i < 64; ++i) {
        asm volatile("" : "+f"(d[i]) :: "memory");
    }
}

__device__ __forceinline__ void pin(u32 (&a)[BK / 16][4]) {
#pragma unroll
    for (int i = 0; i < BK / 16; ++i) {
#pragma unroll
        for (int e = 0; e < 4; ++e) {
            asm volatile("" : "+r"(a[i][e]) :: "memory");
        }
    }
}

// Shared memory written by cp.async (generic proxy) is read by wgmma (async proxy).
__device__ __forceinline__ void fence_proxy_async() {
    asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
}

extern "C" __global__ void __launch_bounds__(THREADS, 1) attention_prefill_sm90(
        ATTENTION_KERNEL_PARAMS) {
    const RowLayout qo{qo_row_stride, qo_head_stride};
    if ((int)blockIdx.x >= counts[0]) {
        return;
    }
    extern __shared__ __align__(1024) unsigned char smem[];
    // Q, then K of stages 0 and 1, then V of stages 0 and 1; the host adds 1 KB for this alignment.
    const u32 qs = (smem_addr(smem) + 1023) & ~1023u;

    const VariantParams vp{sm_scale, soft_cap, window_left, rope_log2_theta, num_qo_heads, mask, mask_offsets};
    const int warp = threadIdx.x >> 5;
    const int wg = warp >> 2;
    const PrefillRows rows_ctx = prefill_rows(vp, items, qo_indptr, kv_indptr, kv_indices, last_page_len, page_size,
                                              num_kv_heads, wg * 64 + (warp & 3) * 16);
    const WorkItem& item = rows_ctx.item;
    const KvRequest& kv = rows_ctx.kv;
    const int rows = rows_ctx.rows;

    // Thread t copies 16-byte chunk t % 16 of rows t / 16 + 16 i: those rows share
    // row % 8, so one swizzled offset serves them all, 16 rows (2048 bytes) apart.
    const int my_chunk = threadIdx.x & 15;
    const int my_row = threadIdx.x >> 4;
    const u32 my_offset = swizzled(my_row, my_chunk);
    {
        const long long q_row0 = (long long)qo_indptr[item.request] + item.qo_start;
#pragma unroll
        for (int i = 0; i < BQ / 16; ++i) {
            int row = my_row + 16 * i;
            bool valid = row < rows;
            long long src = qo.at(q_row0 + (valid ? row : 0), rows_ctx.h) + my_chunk * 8;
            cp_async16(qs + my_offset + i * 16 * ROW_BYTES, q + src, valid);
        }
    }
    // Rows of the tile at key kt of K or V into a stage; rows past the item's keys are zeros.
    auto load_rows = [&](u32 tile, const u16* src, int kt) {
        if (kt < item.kv_end) {
#pragma unroll
            for (int i = 0; i < BK / 16; ++i) {
                int t = kt + my_row + 16 * i;
                bool valid = t < item.kv_end;
                long long off = (valid ? kv.offset(t) : 0) + my_chunk * 8;
                cp_async16(tile + my_offset + i * 16 * ROW_BYTES, src + off, valid);
            }
        }
    };
    // Stages: K of tile j at k_stages + (j % 2) tiles, V of tile j at v_stages + (j % 2) tiles.
    const u32 k_stages = qs + TILE_BYTES;
    const u32 v_stages = qs + 3 * TILE_BYTES;
    load_rows(k_stages, k, item.kv_start);
    cp_async_commit();   // Q and K_0
    load_rows(k_stages + TILE_BYTES, k, item.kv_start + BK);
    load_rows(v_stages, v, item.kv_start);
    cp_async_commit();   // K_1 and V_0

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
    // S = Q K^T over the head dim in steps of 16: 32 bytes into a plane's rows, then the next plane.
    auto issue_s = [&](u32 ks) {
#pragma unroll
        for (int kk = 0; kk < HEAD_DIM / 16; ++kk) {
            u32 step = (kk >> 2) * PLANE_BYTES + (kk & 3) * 32;
            if (kk == 0) {
                wgmma_ss<true>(s_flat, sw128_desc(q_rows + step, 16), sw128_desc(ks + step, 16));
            } else {
                wgmma_ss<false>(s_flat, sw128_desc(q_rows + step, 16), sw128_desc(ks + step, 16));
            }
        }
        wgmma_commit();
    };
    const int tiles = (item.kv_end - item.kv_start + BK - 1) / BK;
    u32 pa[1][BK / 16][4];   // P of the tile whose P V is next
    float scale[2];
    if (tiles > 0) {
        cp_async_wait<1>();
        fence_proxy_async();
        __syncthreads();
        wgmma_fence();
        issue_s(k_stages);
        wgmma_wait<0>();
        pin(s_flat);
        softmax_tile<1, BK / 8, true>(rows_ctx, item.kv_start, s, o, m_row, l_row, pa, scale);   // o is 0 yet
    }
    // O += P V over tile j's keys in steps of 16 (two 8-row groups, 2048 bytes); the two
    // planes of V are the two 64-wide column blocks of the product.
    auto issue_pv = [&](int j) {
        const u32 vs = v_stages + (j & 1) * TILE_BYTES;
#pragma unroll
        for (int kk = 0; kk < BK / 16; ++kk) {
            wgmma_rs(o_flat, pa[0][kk], sw128_desc(vs + kk * 16 * ROW_BYTES, PLANE_BYTES));
        }
        wgmma_commit();
    };
    for (int j = 0; j + 1 < tiles; ++j) {
        const int kt = item.kv_start + j * BK;
        cp_async_wait<0>();   // K_{j+1} and V_j
        fence_proxy_async();
        __syncthreads();
        // K_{j+2} replaces K_j, V_{j+1} replaces V_{j-1}: every warpgroup finished the
        // products that read those before this barrier.
        load_rows(k_stages + (j & 1) * TILE_BYTES, k, kt + 2 * BK);
        load_rows(v_stages + ((j + 1) & 1) * TILE_BYTES, v, kt + BK);
        cp_async_commit();

        wgmma_fence();
        issue_s(k_stages + ((j + 1) & 1) * TILE_BYTES);
        issue_pv(j);
        wgmma_wait<1>();
        pin(s_flat);
        u32 pa_next[1][BK / 16][4];
        softmax_tile<1, BK / 8, true>(rows_ctx, kt + BK, s, o, m_row, l_row, pa_next, scale);
        wgmma_wait<0>();
        pin(o_flat);
        pin(pa[0]);
        rescale_rows<1>(o, scale);
#pragma unroll
        for (int kk = 0; kk < BK / 16; ++kk) {
#pragma unroll
            for (int e = 0; e < 4; ++e) {
                pa[0][kk][e] = pa_next[0][kk][e];
            }
        }
    }
    if (tiles > 0) {
        cp_async_wait<0>();   // V of the last tile
        fence_proxy_async();
        __syncthreads();
        wgmma_fence();
        issue_pv(tiles - 1);
        wgmma_wait<0>();
        pin(o_flat);
    }

    cp_async_wait<0>();   // an item with no keys still has its query copy in flight
    store_rows<1>(rows_ctx, o, m_row, l_row, qo_indptr, num_qo_heads, partial_o, partial_lse, out, out_lse, qo);
}
