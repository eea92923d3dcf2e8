// Batch prefill over paged or ragged KV, FlashAttention-2 style on tensor cores: a CTA
// takes one work item (up to BQ query rows of a request against one KV chunk) for one
// query head; each of its 4 warps owns 16 * MT query rows. S = Q K^T and O += P V run as
// mma.sync m16n8k16 (bf16 or fp16 in, fp32 accumulate) on tiles staged in shared memory
// by cp.async; P stays in registers (the accumulator layout of S is the operand layout
// of A). Softmax runs online in base 2 (prefill_rows.cuh); the result is one partial
// state per row, or the output row itself for a direct item. The Hopper kernel
// (attention_prefill_sm90.cu) serves the shapes it covers faster; this one serves all.
#include "prefill_rows.cuh"

// MT row tiles of 16 per warp (BQ = 64 * MT query rows per CTA) and BK keys per tile come
// from the host (AttentionKernels.prefillShape): MT = 2 halves the shared-memory reads of K
// and V per FLOP where the registers allow it.
#if !defined(MT) || !defined(BK) || !defined(MIN_CTAS)
#error "attention_prefill needs MT, BK and MIN_CTAS"
#endif
#define WARPS 4
#define BQ (16 * MT * WARPS)
#define STRIDE (HEAD_DIM + 8)   // padded rows: ldmatrix of 8 rows touches 8 distinct bank groups
#define CHUNKS (HEAD_DIM / 8)   // 16-byte chunks per row
static_assert(HEAD_DIM % 16 == 0, "HEAD_DIM must be a multiple of the mma k-step of 16");
static_assert(128 % CHUNKS == 0 && BK % (128 / CHUNKS) == 0,
              "the 128 threads must copy whole rows and a KV tile in whole passes");

#if DTYPE_BF16
#define MMA_TYPE "bf16"
#else
#define MMA_TYPE "f16"
#endif

__device__ __forceinline__ void ldmatrix_x4(u32* r, u32 addr) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(addr));
}

__device__ __forceinline__ void ldmatrix_x4_trans(u32* r, u32 addr) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(addr));
}

__device__ __forceinline__ void mma16816(float* c, const u32* a, u32 b0, u32 b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32." MMA_TYPE "." MMA_TYPE ".f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// RoPE of a tile in shared memory, rows at positions pos0 + row; rows >= rows stay as they are.
__device__ __forceinline__ void rope_tile(const VariantParams& vp, u16* tile, int rows, int pos0) {
    const int half = HEAD_DIM / 2;
    for (int idx = threadIdx.x; idx < rows * half; idx += blockDim.x) {
        int row = idx / half;
        int i = idx % half;
        float s, c;
        rope_sincos(vp, i, pos0 + row, &s, &c);
        float a = to_float(tile[row * STRIDE + i]);
        float b = to_float(tile[row * STRIDE + i + half]);
        tile[row * STRIDE + i] = from_float(a * c - b * s);
        tile[row * STRIDE + i + half] = from_float(b * c + a * s);
    }
}

extern "C" __global__ void __launch_bounds__(128, MIN_CTAS) attention_prefill(
        ATTENTION_KERNEL_PARAMS) {
    const RowLayout qo{qo_row_stride, qo_head_stride};
    const PrefillCta cta = prefill_cta(num_qo_heads);
    if (cta.item >= counts[0]) {
        return;
    }
    extern __shared__ __align__(16) u16 smem[];
    u16* qs = smem;
    u16* ks = qs + BQ * STRIDE;
    u16* vs = ks + BK * STRIDE;

    const VariantParams vp{sm_scale, soft_cap, window_left, rope_log2_theta, num_qo_heads, mask, mask_offsets};
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int warp_row0 = warp * 16 * MT;
    const PrefillRows rows_ctx = prefill_rows(vp, cta, items, qo_indptr, kv_indptr, kv_indices, last_page_len, page_size,
                                              num_kv_heads, warp_row0);
    const WorkItem& item = rows_ctx.item;
    const KvRequest& kv = rows_ctx.kv;
    const int rows = rows_ctx.rows;

    for (int idx = threadIdx.x; idx < BQ * CHUNKS; idx += blockDim.x) {
        int row = idx / CHUNKS;
        int c = idx % CHUNKS;
        bool valid = row < rows;
        long long src = qo.at(qo_indptr[item.request] + item.qo_start + (valid ? row : 0), rows_ctx.h);
        cp_async16(smem_addr(qs + row * STRIDE + c * 8), q + src + c * 8, valid);
    }
    cp_async_commit();
    // K and V tiles go to their own buffers, each loaded while the other is in use: the
    // next K during P V, the next V during the next Q K^T. Every step commits one group
    // (possibly empty), so "all but the newest group" is always the tile about to be used.
    // Thread t copies 16-byte chunk t % CHUNKS of rows t / CHUNKS, + ROWS_PER_PASS, ...
    constexpr int ROWS_PER_PASS = 128 / CHUNKS;
    const int my_chunk = threadIdx.x % CHUNKS;
    const int my_row = threadIdx.x / CHUNKS;
    auto load_tile = [&](u32 dst_tile, const u16* src, int kt) {
        const u32 dst = dst_tile + (my_row * STRIDE + my_chunk * 8) * 2;
        if (kt < item.kv_end) {
#pragma unroll 2
            for (int i = 0; i < BK / ROWS_PER_PASS; ++i) {
                int t = kt + my_row + i * ROWS_PER_PASS;
                bool valid = t < item.kv_end;
                long long off = valid ? kv.offset(t) : 0;
                cp_async16(dst + i * ROWS_PER_PASS * STRIDE * 2, src + off + my_chunk * 8, valid);
            }
        }
        cp_async_commit();
    };
    const u32 ks_base = smem_addr(ks);
    const u32 vs_base = smem_addr(vs);
    load_tile(ks_base, k, item.kv_start);
    load_tile(vs_base, v, item.kv_start);
#if ROPE
    cp_async_wait<2>();
    __syncthreads();
    rope_tile(vp, qs, rows, rows_ctx.pos_shift + item.qo_start);
#endif

    // Per thread: rows g and g + 8 of each of the warp's MT row tiles; x = mt * 2 + half.
    float o_acc[MT][HEAD_DIM / 8][4];
#pragma unroll
    for (int mt = 0; mt < MT; ++mt) {
#pragma unroll
        for (int j = 0; j < HEAD_DIM / 8; ++j) {
            o_acc[mt][j][0] = o_acc[mt][j][1] = o_acc[mt][j][2] = o_acc[mt][j][3] = 0.f;
        }
    }
    float m_row[MT * 2], l_row[MT * 2];
#pragma unroll
    for (int x = 0; x < MT * 2; ++x) {
        m_row[x] = NEG_INF;
        l_row[x] = 0.f;
    }
    // This lane's ldmatrix row addresses (see the fragment layouts of mma.m16n8k16).
    const u32 q_frag = smem_addr(qs) + ((warp_row0 + (lane & 15)) * STRIDE + (lane >> 4) * 8) * 2;
    const u32 k_frag = ks_base + (((lane >> 4) * 8 + (lane & 7)) * STRIDE + ((lane >> 3) & 1) * 8) * 2;
    const u32 v_frag = vs_base + (((lane & 7) + ((lane >> 3) & 1) * 8) * STRIDE + (lane >> 4) * 8) * 2;

    for (int kt = item.kv_start; kt < item.kv_end; kt += BK) {
        cp_async_wait<1>();
        __syncthreads();
#if ROPE
        rope_tile(vp, ks, min(BK, item.kv_end - kt), kt);
        __syncthreads();
#endif

        float s[MT][BK / 8][4];
#pragma unroll
        for (int mt = 0; mt < MT; ++mt) {
#pragma unroll
            for (int j = 0; j < BK / 8; ++j) {
                s[mt][j][0] = s[mt][j][1] = s[mt][j][2] = s[mt][j][3] = 0.f;
            }
        }
        // Each K fragment read from shared memory serves all MT row tiles of the warp.
#pragma unroll
        for (int kk = 0; kk < HEAD_DIM / 16; ++kk) {
            u32 a[MT][4];
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
                ldmatrix_x4(a[mt], q_frag + (mt * 16 * STRIDE + kk * 16) * 2);
            }
#pragma unroll
            for (int p = 0; p < BK / 16; ++p) {
                u32 b[4];
                ldmatrix_x4(b, k_frag + (p * 16 * STRIDE + kk * 16) * 2);
#pragma unroll
                for (int mt = 0; mt < MT; ++mt) {
                    mma16816(s[mt][2 * p], a[mt], b[0], b[1]);
                    mma16816(s[mt][2 * p + 1], a[mt], b[2], b[3]);
                }
            }
        }

        float scale[MT * 2];
        softmax_tile<MT, BK / 8, false>(rows_ctx, kt, s, o_acc, m_row, l_row, scale);
        u32 pa[MT][BK / 16][4];
        pack_probabilities(s, pa);

        __syncthreads();   // every warp is done with this K tile
        load_tile(ks_base, k, kt + BK);
        cp_async_wait<1>();
        __syncthreads();
#pragma unroll
        for (int kp = 0; kp < BK / 16; ++kp) {
#pragma unroll
            for (int dq = 0; dq < HEAD_DIM / 16; ++dq) {
                u32 b[4];
                ldmatrix_x4_trans(b, v_frag + (kp * 16 * STRIDE + dq * 16) * 2);
#pragma unroll
                for (int mt = 0; mt < MT; ++mt) {
                    mma16816(o_acc[mt][2 * dq], pa[mt][kp], b[0], b[1]);
                    mma16816(o_acc[mt][2 * dq + 1], pa[mt][kp], b[2], b[3]);
                }
            }
        }
        __syncthreads();   // every warp is done with this V tile
        load_tile(vs_base, v, kt + BK);
    }

    cp_async_wait<0>();   // an item with no keys still has its query copy in flight
    store_rows<MT>(rows_ctx, o_acc, m_row, l_row, qo_indptr, num_qo_heads, partial_o, partial_lse, out, out_lse, qo);
}
