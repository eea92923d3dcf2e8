// The row side of Graft's prefill kernels, shared by the mma.sync kernel
// (attention_prefill.cu) and the Hopper wgmma kernel (attention_prefill_sm90.cu): the
// variant hooks and online softmax over one KV tile of logits, and the store of the
// finished rows. Both kernels hold logits and the output in the tensor-core accumulator
// layout, per warp: RT row tiles of 16, element e of 8-column block j is row
// 16 * mt + g + 8 * (e >> 1), column 8 * j + 2 * t4 + (e & 1) (g = lane / 4, t4 = lane % 4).
#pragma once
#include "common.cuh"
#include "variant.cuh"

// What a warp's rows need to know of their work item, fixed for the whole item.
struct PrefillRows {
    VariantParams vp;
    WorkItem item;
    KvRequest kv;    // the request's keys and values at the query head's KV head
    int rows;        // query rows of the item
    int warp_row0;   // the warp's first row in the item
    int g, t4;
    int h, qo_len;
    int pos_shift;   // q_pos = pos_shift + query row in the request
    float scale_log2;
};

// A CTA's work item and query head. The grid is (items * G, heads / G): heads go in groups
// of G, and within a group the CTAs of one item sit side by side, so the block scheduler
// starts items longest first (the plan's order) across the group's heads, and the CTAs
// running at once read the keys and values of only G heads (AttentionKernels.headGroup).
struct PrefillCta {
    int item;
    int h;
};

__device__ __forceinline__ PrefillCta prefill_cta(int num_qo_heads) {
    const int shift = __ffs(num_qo_heads / gridDim.y) - 1;   // G is a power of two
    return PrefillCta{(int)(blockIdx.x >> shift), (int)((blockIdx.y << shift) + (blockIdx.x & ((1u << shift) - 1)))};
}

// The work item of a CTA as the warp whose rows start at warp_row0 sees it: the one
// prologue of both prefill kernels.
__device__ __forceinline__ PrefillRows prefill_rows(const VariantParams& vp, const PrefillCta& cta, const int* items,
                                                    const int* qo_indptr, const int* kv_indptr, const int* kv_indices,
                                                    const int* last_page_len, int page_size, int num_kv_heads,
                                                    int warp_row0) {
    const WorkItem item = load_item(items, cta.item);
    const int h = cta.h;
    const int r = item.request;
    const int qo_len = qo_indptr[r + 1] - qo_indptr[r];
    const KvRequest kv(kv_indptr, kv_indices, last_page_len, page_size, num_kv_heads, r,
                       h / (vp.num_qo_heads / num_kv_heads));
    const int lane = threadIdx.x & 31;
    return PrefillRows{vp, item, kv, item.qo_end - item.qo_start, warp_row0, lane >> 2, lane & 3, h, qo_len,
                       kv.length - qo_len, vp.sm_scale * LOG2E};
}

// o of one row tile of 16 times the factors of its rows g (top) and g + 8 (bottom).
__device__ __forceinline__ void rescale_row_tile(float (&o)[HEAD_DIM / 8][4], float top, float bottom) {
#pragma unroll
    for (int j = 0; j < HEAD_DIM / 8; ++j) {
        o[j][0] *= top;
        o[j][1] *= top;
        o[j][2] *= bottom;
        o[j][3] *= bottom;
    }
}

// One KV tile starting at key kt: s holds the raw dot products of the warp's rows with the
// tile's KB * 8 keys. Applies the hooks, updates the running max m_row and sum l_row (base
// 2), rescales o by the change of the max (or, DEFER, leaves that to rescale_rows with
// scale, for a kernel whose o is still being accumulated), and leaves the probabilities in
// s, for pack_probabilities to hand to the P V product.
template <int RT, int KB, bool DEFER>
__device__ __forceinline__ void softmax_tile(const PrefillRows& c, int kt, float (&s)[RT][KB][4],
                                             float (&o)[RT][HEAD_DIM / 8][4], float (&m_row)[RT * 2],
                                             float (&l_row)[RT * 2], float (&scale)[RT * 2]) {
    const WorkItem& item = c.item;
    float tile_max[RT * 2];
#pragma unroll
    for (int x = 0; x < RT * 2; ++x) {
        tile_max[x] = NEG_INF;
    }
    // A tile that every row of this warp sees whole, in a variant with no logits transform
    // beyond the scale, takes the short path: one multiply per logit.
    bool whole = kt + KB * 8 <= item.kv_end && c.warp_row0 + 16 * RT <= c.rows && !(SOFTCAP || ALIBI || MASK)
                 && c.scale_log2 > 0.f;
#if CAUSAL
    whole = whole && kt + KB * 8 - 1 <= c.pos_shift + item.qo_start + c.warp_row0;
#endif
#if WINDOW
    whole = whole && kt >= c.pos_shift + item.qo_start + c.warp_row0 + 16 * RT - 1 - c.vp.window_left;
#endif
    // On the short path logits stay unscaled until the exponent, where the scale and the
    // running max meet in one fused multiply-add. The two paths are separate loops so
    // that the short one issues none of the hook instructions.
    if (whole) {
#pragma unroll
        for (int mt = 0; mt < RT; ++mt) {
#pragma unroll
            for (int j = 0; j < KB; ++j) {
#pragma unroll
                for (int e = 0; e < 4; ++e) {
                    tile_max[mt * 2 + (e >> 1)] = fmaxf(tile_max[mt * 2 + (e >> 1)], s[mt][j][e]);
                }
            }
        }
    } else {
#pragma unroll
        for (int mt = 0; mt < RT; ++mt) {
#pragma unroll
            for (int j = 0; j < KB; ++j) {
#pragma unroll
                for (int e = 0; e < 4; ++e) {
                    int row = c.warp_row0 + mt * 16 + c.g + (e >> 1) * 8;
                    int k_pos = kt + j * 8 + 2 * c.t4 + (e & 1);
                    int qo_row = item.qo_start + row;
                    int q_pos = c.pos_shift + qo_row;
                    bool ok = row < c.rows && k_pos < item.kv_end && variant_visible(c.vp, q_pos, k_pos);
                    s[mt][j][e] = ok ? variant_logit(c.vp, s[mt][j][e], item.request, c.h, qo_row, c.qo_len,
                                                     c.kv.length, q_pos, k_pos) * LOG2E
                                     : NEG_INF;
                    tile_max[mt * 2 + (e >> 1)] = fmaxf(tile_max[mt * 2 + (e >> 1)], s[mt][j][e]);
                }
            }
        }
    }
    float m_ref[RT * 2];   // the running max, 0 while a row has seen no key (2^(-inf - 0) = 0)
#pragma unroll
    for (int x = 0; x < RT * 2; ++x) {
        float mx = tile_max[x];
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
        if (whole) {
            mx *= c.scale_log2;
        }
        mx = fmaxf(mx, m_row[x]);
        scale[x] = mx == NEG_INF ? 1.f : fast_exp2(m_row[x] - mx);
        m_row[x] = mx;
        m_ref[x] = mx == NEG_INF ? 0.f : mx;
        l_row[x] *= scale[x];
    }
#pragma unroll
    for (int mt = 0; mt < RT; ++mt) {
        if (!DEFER) {
            rescale_row_tile(o[mt], scale[mt * 2], scale[mt * 2 + 1]);
        }
        // As logits: scaled on the short path, already in base-2 units on the other.
        const float s_scale = whole ? c.scale_log2 : 1.f;
#pragma unroll
        for (int j = 0; j < KB; ++j) {
#pragma unroll
            for (int e = 0; e < 4; ++e) {
                int x = mt * 2 + (e >> 1);
                s[mt][j][e] = fast_exp2(fmaf(s[mt][j][e], s_scale, -m_ref[x]));
                l_row[x] += s[mt][j][e];
            }
        }
    }
}

// The probabilities of softmax_tile as the A operand of the P V product: 16-bit pairs,
// keys 16 * kk .. 16 * kk + 15 in pa[mt][kk] (the accumulator layout of S is the fragment
// layout of A).
template <int RT, int KB>
__device__ __forceinline__ void pack_probabilities(const float (&s)[RT][KB][4], u32 (&pa)[RT][KB / 2][4]) {
#pragma unroll
    for (int mt = 0; mt < RT; ++mt) {
#pragma unroll
        for (int j = 0; j < KB; ++j) {
            pa[mt][j >> 1][(j & 1) * 2 + 0] = pack2(s[mt][j][0], s[mt][j][1]);
            pa[mt][j >> 1][(j & 1) * 2 + 1] = pack2(s[mt][j][2], s[mt][j][3]);
        }
    }
}

// The deferred rescale of softmax_tile.
template <int RT>
__device__ __forceinline__ void rescale_rows(float (&o)[RT][HEAD_DIM / 8][4], const float (&scale)[RT * 2]) {
#pragma unroll
    for (int mt = 0; mt < RT; ++mt) {
        rescale_row_tile(o[mt], scale[mt * 2], scale[mt * 2 + 1]);
    }
}

// Normalizes the warp's rows and stores them: as partial states (fp32 o, base-2 lse) at
// the item's partial rows, or, for a direct item, as the output rows themselves (laid out as
// qo says; lse always token-major).
template <int RT>
__device__ __forceinline__ void store_rows(const PrefillRows& c, float (&o)[RT][HEAD_DIM / 8][4],
                                           const float (&m_row)[RT * 2], float (&l_row)[RT * 2],
                                           const int* qo_indptr, int num_qo_heads, float* partial_o,
                                           float* partial_lse, u16* out, float* out_lse, const RowLayout& qo) {
#pragma unroll
    for (int x = 0; x < RT * 2; ++x) {
        l_row[x] += __shfl_xor_sync(0xffffffffu, l_row[x], 1);
        l_row[x] += __shfl_xor_sync(0xffffffffu, l_row[x], 2);
    }
    const bool direct = c.item.partial_row == DIRECT_ITEM;
    const int first = direct ? qo_indptr[c.item.request] + c.item.qo_start : c.item.partial_row;
#pragma unroll
    for (int x = 0; x < RT * 2; ++x) {
        const int mt = x >> 1;
        const int half = x & 1;
        int row = c.warp_row0 + mt * 16 + c.g + half * 8;
        if (row >= c.rows) {
            continue;
        }
        float l = l_row[x];
        float inv = l > 0.f ? 1.f / l : 0.f;
        float lse = l > 0.f ? m_row[x] + log2f(l) : NEG_INF;
        long long out_row = (long long)(first + row) * num_qo_heads + c.h;
        if (direct) {
#pragma unroll
            for (int j = 0; j < HEAD_DIM / 8; ++j) {
                *reinterpret_cast<u32*>(out + qo.at(first + row, c.h) + j * 8 + 2 * c.t4) =
                        pack2(o[mt][j][half * 2] * inv, o[mt][j][half * 2 + 1] * inv);
            }
            if (c.t4 == 0) {
                out_lse[out_row] = lse;
            }
        } else {
#pragma unroll
            for (int j = 0; j < HEAD_DIM / 8; ++j) {
                *reinterpret_cast<float2*>(partial_o + out_row * HEAD_DIM + j * 8 + 2 * c.t4) =
                        make_float2(o[mt][j][half * 2] * inv, o[mt][j][half * 2 + 1] * inv);
            }
            if (c.t4 == 0) {
                partial_lse[out_row] = lse;
            }
        }
    }
}
