// Batch prefill on Hopper (sm_90a) with warpgroup MMA: the fast path for head dim 128
// without fused RoPE (AttentionKernels dispatches; attention_prefill.cu serves the rest).
// Same work items, variant hooks, online softmax and stores as the mma.sync kernel
// (prefill_rows.cuh); what differs is the matrix side and who loads. A CTA takes 128
// query rows of one work item and query head, in three warpgroups:
//   - a producer warpgroup copies Q once and then each KV tile of 128 keys by cp.async
//     into STAGES stages of K and of V, in the 128-byte-swizzled layout that wgmma reads
//     through shared-memory descriptors; each copy signals an mbarrier as it lands, and a
//     stage is refilled once the consumers' mbarrier says they are done with it;
//   - two consumer warpgroups of 64 query rows each run the products and the softmax:
//       S = Q K^T: wgmma m64n128k16, Q (A) and K (B) from shared memory, both K-major;
//       O += P V:  wgmma m64n128k16, P (A) from registers (the accumulator layout of S is
//                  its fragment layout), V (B) from shared memory as stored, MN-major.
// The producer gives its registers to the consumers (setmaxnreg). Within a consumer, the
// softmax of tile j + 1 runs while the tensor cores compute P_j V_j: each step issues
// S_{j+1} and then P_j V_j, waits for S_{j+1} only, and rescales O once P_j V_j is in.
// With PINGPONG the two consumers take turns issuing their step's products (named
// barriers), so that one's softmax runs while the other's products keep the tensor cores busy.
#include "prefill_rows.cuh"

#if HEAD_DIM != 128
#error "attention_prefill_sm90 serves head dim 128"
#endif
#define BQ 128                       // query rows per CTA: 64 per consumer warpgroup
#define BK 128                       // keys per tile
#define PRODUCER_THREADS 128
#define CONSUMER_WARPS 8
#define THREADS (PRODUCER_THREADS + 32 * CONSUMER_WARPS)
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

// An in-flight wgmma writes its accumulators behind the compiler's back until the wait:
// pinning them after the wait keeps every use of the accumulators after it.
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

// mbarriers (shared::cta, 8 bytes each, addressed as 32-bit shared addresses). A phase
// completes once its count of arrivals is in; waiters name the parity of the phase.
__device__ __forceinline__ void mbar_init(u32 bar, u32 count) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" :: "r"(bar), "r"(count) : "memory");
}

__device__ __forceinline__ void mbar_wait(u32 bar, u32 parity) {
    u32 done;
    do {
        asm volatile("{ .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2; selp.u32 %0, 1, 0, p; }"
                     : "=r"(done) : "r"(bar), "r"(parity) : "memory");
    } while (!done);
}

__device__ __forceinline__ void mbar_arrive(u32 bar) {
    asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" :: "r"(bar) : "memory");
}

// Arrives on the barrier once every cp.async this thread issued before has landed (counted
// in the barrier's initial count: noinc).
__device__ __forceinline__ void mbar_arrive_on_copies(u32 bar) {
    asm volatile("cp.async.mbarrier.arrive.noinc.shared::cta.b64 [%0];" :: "r"(bar) : "memory");
}

// The consumers' turns on the tensor cores: named barriers 1 and 2, each met by one
// consumer's 128 threads syncing and the other's 128 arriving.
__device__ __forceinline__ void turn_wait(int consumer) {
    asm volatile("bar.sync %0, 256;" :: "r"(1 + consumer) : "memory");
}

__device__ __forceinline__ void turn_pass(int consumer) {
    asm volatile("bar.arrive %0, 256;" :: "r"(2 - consumer) : "memory");
}

#if !defined(STAGES) || !defined(PINGPONG)
#error "attention_prefill_sm90 needs STAGES and PINGPONG"
#endif
#define PRODUCER_REGISTERS 40
#define CONSUMER_REGISTERS 232   // 128 * 40 + 256 * 232 <= 65536

extern "C" __global__ void __launch_bounds__(THREADS, 1) attention_prefill_sm90(
        ATTENTION_KERNEL_PARAMS) {
    const RowLayout qo{qo_row_stride, qo_head_stride};
    const PrefillCta cta = prefill_cta(num_qo_heads);
    if (cta.item >= counts[0]) {
        return;
    }
    extern __shared__ __align__(1024) unsigned char smem[];
    // Q, then K of each stage, then V of each stage, then the barriers; the host adds 1 KB
    // for this alignment.
    const u32 qs = (smem_addr(smem) + 1023) & ~1023u;
    const u32 k_stages = qs + TILE_BYTES;
    const u32 v_stages = k_stages + STAGES * TILE_BYTES;
    // Barriers: Q landed; per stage K landed, V landed, K free, V free.
    const u32 q_full = v_stages + STAGES * TILE_BYTES;
    const u32 k_full = q_full + 8;
    const u32 v_full = k_full + 8 * STAGES;
    const u32 k_free = v_full + 8 * STAGES;
    const u32 v_free = k_free + 8 * STAGES;
    if (threadIdx.x == 0) {
        mbar_init(q_full, PRODUCER_THREADS);
        for (int s = 0; s < STAGES; ++s) {
            mbar_init(k_full + 8 * s, PRODUCER_THREADS);
            mbar_init(v_full + 8 * s, PRODUCER_THREADS);
            mbar_init(k_free + 8 * s, CONSUMER_WARPS);
            mbar_init(v_free + 8 * s, CONSUMER_WARPS);
        }
        asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
    }
    __syncthreads();

    const VariantParams vp{sm_scale, soft_cap, window_left, rope_log2_theta, num_qo_heads, mask, mask_offsets};
    const int warp = threadIdx.x >> 5;
    // 0: the producer; 1 and 2: the consumers. Read from lane 0, so that the compiler knows
    // it is the same across the warp and keeps each role's wgmma out of divergent code.
    const int wg = __shfl_sync(0xffffffffu, warp >> 2, 0);
    // Consumer c's warps hold rows 64 c + 16 (warp % 4) ...; the producer's view of the
    // item is the same whatever row it names.
    const int consumer = wg == 0 ? 0 : wg - 1;
    const PrefillRows rows_ctx = prefill_rows(vp, cta, items, qo_indptr, kv_indptr, kv_indices, last_page_len,
                                              page_size, num_kv_heads, consumer * 64 + (warp & 3) * 16);
    const WorkItem& item = rows_ctx.item;
    const int tiles = (item.kv_end - item.kv_start + BK - 1) / BK;

    if (wg == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;" :: "n"(PRODUCER_REGISTERS));
        const KvRequest& kv = rows_ctx.kv;
        // Thread t copies 16-byte chunk t % 16 of rows t / 16 + 8 i: those rows share
        // row % 8, so one swizzled offset serves them all, 8 rows (1024 bytes) apart.
        const int my_chunk = threadIdx.x & 15;
        const int my_row = threadIdx.x >> 4;
        const u32 my_offset = swizzled(my_row, my_chunk);
        {
            const long long q_row0 = (long long)qo_indptr[item.request] + item.qo_start;
#pragma unroll
            for (int i = 0; i < BQ / 8; ++i) {
                int row = my_row + 8 * i;
                bool valid = row < rows_ctx.rows;
                long long src = qo.at(q_row0 + (valid ? row : 0), rows_ctx.h) + my_chunk * 8;
                cp_async16(qs + my_offset + i * 8 * ROW_BYTES, q + src, valid);
            }
            mbar_arrive_on_copies(q_full);
        }
        // Rows of the tile at key kt of K or V into a stage; rows past the item's keys are
        // zeros. Use u of a stage waits until the consumers freed use u - 1 (parity of the
        // phase before: the first use passes at once).
        auto load_tile = [&](u32 stages, u32 full, u32 free, const u16* src, int j) {
            const int s = j % STAGES;
            mbar_wait(free + 8 * s, ((j / STAGES) & 1) ^ 1);
            const u32 tile = stages + s * TILE_BYTES;
            const int kt = item.kv_start + j * BK;
#pragma unroll 4
            for (int i = 0; i < BK / 8; ++i) {
                int t = kt + my_row + 8 * i;
                bool valid = t < item.kv_end;
                long long off = (valid ? kv.offset(t) : 0) + my_chunk * 8;
                cp_async16(tile + my_offset + i * 8 * ROW_BYTES, src + off, valid);
            }
            mbar_arrive_on_copies(full + 8 * s);
        };
        // In the order the consumers use them: K_0, then K_{j+1} before V_j.
        for (int j = 0; j < tiles; ++j) {
            load_tile(k_stages, k_full, k_free, k, j);
            if (j > 0) {
                load_tile(v_stages, v_full, v_free, v, j - 1);
            }
        }
        if (tiles > 0) {
            load_tile(v_stages, v_full, v_free, v, tiles - 1);
        }
        cp_async_wait<0>();
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;" :: "n"(CONSUMER_REGISTERS));
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
        const bool warp_leader = (threadIdx.x & 31) == 0;
        const u32 q_rows = qs + consumer * 64 * ROW_BYTES;   // this consumer's 64 rows of Q
        // Waits until stage data of use j has landed, and orders the cp.async writes
        // (generic proxy) before the wgmma reads (async proxy).
        auto wait_landed = [&](u32 full, int j) {
            mbar_wait(full + 8 * (j % STAGES), (j / STAGES) & 1);
            fence_proxy_async();
        };
        auto release = [&](u32 free, int j) {
            __syncwarp();
            if (warp_leader) {
                mbar_arrive(free + 8 * (j % STAGES));
            }
        };
        // S = Q K_j^T over the head dim in steps of 16: 32 bytes into a plane's rows, then the next plane.
        auto issue_s = [&](int j) {
            const u32 ks = k_stages + (j % STAGES) * TILE_BYTES;
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
        u32 pa[1][BK / 16][4];   // P of the tile whose P V is next
        float scale[2];
        // O += P V_j over the tile's keys in steps of 16 (two 8-row groups, 2048 bytes); the
        // two planes of V are the two 64-wide column blocks of the product.
        auto issue_pv = [&](int j) {
            const u32 vs = v_stages + (j % STAGES) * TILE_BYTES;
#pragma unroll
            for (int kk = 0; kk < BK / 16; ++kk) {
                wgmma_rs(o_flat, pa[0][kk], sw128_desc(vs + kk * 16 * ROW_BYTES, PLANE_BYTES));
            }
            wgmma_commit();
        };
        mbar_wait(q_full, 0);
        if (tiles > 0) {
            wait_landed(k_full, 0);
            wgmma_fence();
            issue_s(0);
            wgmma_wait<0>();
            pin(s_flat);
            release(k_free, 0);
            softmax_tile<1, BK / 8, true>(rows_ctx, item.kv_start, s, o, m_row, l_row, scale);   // o is 0 yet
            pack_probabilities(s, pa);
        }
        // Turns: consumer 0 goes first; each passes the turn after issuing its step, and
        // the last turn of consumer 1 is not passed, so that every barrier phase completes.
        if (PINGPONG && consumer == 1 && tiles > 1) {
            turn_pass(consumer);
        }
        // Step j: S_{j+1} and P_j V_j on the tensor cores, the softmax of S_{j+1} meanwhile,
        // left in s (fp32) until P_j V_j no longer reads pa.
        for (int j = 0; j + 1 < tiles; ++j) {
            // Both tiles before the first product: a wait between the two products would
            // make the compiler serialize them.
            wait_landed(k_full, j + 1);
            wait_landed(v_full, j);
            if (PINGPONG) {
                turn_wait(consumer);
            }
            wgmma_fence();
            issue_s(j + 1);
            issue_pv(j);
            if (PINGPONG && (consumer == 0 || j + 2 < tiles)) {
                turn_pass(consumer);
            }
            wgmma_wait<1>();
            pin(s_flat);
            release(k_free, j + 1);
            softmax_tile<1, BK / 8, true>(rows_ctx, item.kv_start + (j + 1) * BK, s, o, m_row, l_row, scale);
            wgmma_wait<0>();
            pin(o_flat);
            release(v_free, j);
            rescale_rows<1>(o, scale);
            pack_probabilities(s, pa);
        }
        if (tiles > 0) {
            wait_landed(v_full, tiles - 1);
            wgmma_fence();
            issue_pv(tiles - 1);
            wgmma_wait<0>();
            pin(o_flat);
        }
        store_rows<1>(rows_ctx, o, m_row, l_row, qo_indptr, num_qo_heads, partial_o, partial_lse, out, out_lse, qo);
    }
}
