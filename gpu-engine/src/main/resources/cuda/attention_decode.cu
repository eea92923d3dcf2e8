// Batch decode over paged or ragged KV: one query row per work item, KV split into the
// chunks the plan chose. A CTA serves one work item and HEADS_PER_CTA query heads of one
// KV head, so each key and value is read once for the whole group (GQA/MQA).
//
// Threads: TX lanes hold one token's HEAD_DIM elements, 8 each (16-byte loads); a warp
// holds 32 / TX tokens; WARPS warps; UNROLL tokens per lane per step (the shape,
// AttentionKernels.DecodeShape). Loads run STAGES - 1 steps ahead through cp.async into a
// shared-memory slot that only the issuing thread reads back, so the pipeline needs no
// barrier and holds no registers; they are marked for L2 to drop first (each key and value
// is read once), which keeps the plan and page table that every CTA starts from in L2.
// The page-table lookups of a step are made one step before its loads are issued, so
// their latency hides behind a step of arithmetic. Each lane group keeps its own running
// (m, l, o) in base 2; groups merge at the end and write one partial state.
//
// The query heads of a CTA share the lanes of a token: the butterfly that sums a token's
// dot products over its TX lanes hands each lane one head's sum (a lane keeps half of its
// heads and sends the other half at each of the first levels), so the logits, the running
// max and sum and the exponentials are computed once per head, by TX / HEADS_P2 lanes, and
// only the weights travel back to every lane for the P V product.
#include "common.cuh"
#include "variant.cuh"

#define VEC 8
#define TX (HEAD_DIM / VEC)
#define TPW (32 / TX)
#define THREADS (WARPS * 32)
#define NG (WARPS * TPW)
#define STEP (NG * UNROLL)
#define HEAD_TILES ((GROUP_SIZE + HEADS_PER_CTA - 1) / HEADS_PER_CTA)
// The heads as the butterfly splits them: a power of two, the last ones idle when
// HEADS_PER_CTA is none; head hh's sums land in lanes hh * HEAD_LANES .. of each token.
#define HEADS_P2 (HEADS_PER_CTA > 2 ? 4 : HEADS_PER_CTA)
#define HEAD_LANES (TX / HEADS_P2)
// RoPE pairs dim i with i + HEAD_DIM / 2, which must sit in another lane: TX >= 2.
static_assert(TX >= 2 && TX <= 32 && (TX & (TX - 1)) == 0, "HEAD_DIM / 8 lanes must be a power of two from 2 to 32");
static_assert(HEADS_PER_CTA <= 4 && HEADS_P2 <= TX, "each head's sum needs a lane of the token (AttentionKernels.headsPerCta)");

// Sums dot[hh] over the TX lanes of a token for every head and returns the sum of head
// tx / HEAD_LANES: at the first log2(HEADS_P2) levels of the butterfly a lane keeps the
// upper or lower half of its heads (by its lane bit) and sends the other half.
__device__ __forceinline__ float sum_heads(float (&dot)[HEADS_P2], int lane) {
#pragma unroll
    for (int level = 0, off = TX / 2; off > 0; ++level, off >>= 1) {
        const int n = HEADS_P2 >> level;   // heads this lane still holds
        if (n > 1) {
            const bool upper = lane & off;
#pragma unroll
            for (int i = 0; i < n / 2; ++i) {
                float send = upper ? dot[i] : dot[i + n / 2];
                float keep = upper ? dot[i + n / 2] : dot[i];
                dot[i] = keep + __shfl_xor_sync(0xffffffffu, send, off);
            }
        } else {
            dot[0] += __shfl_xor_sync(0xffffffffu, dot[0], off);
        }
    }
    return dot[0];
}

// Head hh's value of v, from the lanes of this token that hold that head.
__device__ __forceinline__ float from_head(float v, int hh) {
    return __shfl_sync(0xffffffffu, v, hh * HEAD_LANES, TX);
}

// Rotates the 8 elements a lane holds (dims lane_dim..lane_dim+7) by RoPE at pos; the
// partner half lives TX/2 lanes away.
__device__ __forceinline__ void rope_lane(const VariantParams& p, float* x, int tx, int pos) {
    const int half = HEAD_DIM / 2;
    bool first = tx < TX / 2;
#pragma unroll
    for (int i = 0; i < VEC; ++i) {
        float other = __shfl_xor_sync(0xffffffffu, x[i], TX / 2);
        int dim = tx * VEC + i;
        float s, c;
        rope_sincos(p, first ? dim : dim - half, pos, &s, &c);
        x[i] = first ? x[i] * c - other * s : x[i] * c + other * s;
    }
}

extern "C" __global__ void __launch_bounds__(THREADS, MIN_CTAS) attention_decode(
        ATTENTION_KERNEL_PARAMS) {
    const RowLayout qo{qo_row_stride, qo_head_stride};
    // CTA i serves work item i / (num_kv_heads * HEAD_TILES): an item's CTAs launch side by
    // side, so the items start longest first across all heads as the plan ordered them.
    const int ctas_per_item = num_kv_heads * HEAD_TILES;
    const int item_index = blockIdx.x / ctas_per_item;
    const int head_cta = blockIdx.x % ctas_per_item;
    if (item_index >= counts[0]) {
        return;
    }
    const WorkItem item = load_item(items, item_index);
    const VariantParams vp{sm_scale, soft_cap, window_left, rope_log2_theta, num_qo_heads, mask, mask_offsets};
    const int kh = head_cta / HEAD_TILES;
    const int h0 = kh * GROUP_SIZE + (head_cta % HEAD_TILES) * HEADS_PER_CTA;
    const int h_end = (kh + 1) * GROUP_SIZE;
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int tx = lane % TX;
    const int tg = warp * TPW + lane / TX;
    const int r = item.request;
    const int qo_len = qo_indptr[r + 1] - qo_indptr[r];
    const KvRequest kv(kv_indptr, kv_indices, last_page_len, page_size, num_kv_heads, r, kh);
    const int kv_len = kv.length;
    const int qo_row = item.qo_start;
    const int q_pos = kv_len - qo_len + qo_row;
    const long long q_row = (long long)qo_indptr[r] + qo_row;

    float qf[HEADS_P2][VEC];
#pragma unroll
    for (int hh = 0; hh < HEADS_P2; ++hh) {
        int h = min(h0 + hh, h_end - 1);
        uint4 raw = *reinterpret_cast<const uint4*>(q + qo.at(q_row, h) + tx * VEC);
        unpack8(raw, qf[hh]);
#if ROPE
        rope_lane(vp, qf[hh], tx, q_pos);
#endif
    }

    // The running max and sum of this lane's head; o of every head of the CTA.
    const int my_head = tx / HEAD_LANES;
    const bool my_head_real = h0 + my_head < h_end;
    float my_m = NEG_INF, my_l = 0.f;
    float o[HEADS_PER_CTA][VEC];
#pragma unroll
    for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
#pragma unroll
        for (int i = 0; i < VEC; ++i) {
            o[hh][i] = 0.f;
        }
    }

    // Dynamic shared memory, AttentionKernels.DecodeShape.sharedBytes: the stages
    // [slot][u][0 keys | 1 values][thread], 16 bytes each, private to the thread; after the
    // loop the same memory holds the per-warp outputs.
    extern __shared__ uint4 smem[];
    // This thread's slot addresses in shared space: [slot][u][k|v] strides are constants.
    const u32 my_stage = smem_addr(&smem[threadIdx.x]);
    constexpr u32 KV_STRIDE = THREADS * sizeof(uint4);
    constexpr u32 U_STRIDE = 2 * KV_STRIDE;
    constexpr u32 SLOT_STRIDE = UNROLL * U_STRIDE;
    // Element offsets of this thread's tokens in the next step to issue; -1: past the chunk.
    long long next_off[UNROLL];
    auto look_up = [&](int base) {
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            int t = base + u * NG + tg;
            next_off[u] = t < item.kv_end ? kv.offset(t) + tx * VEC : -1;
        }
    };
    const unsigned long long read_once = read_once_policy();
    auto issue = [&](int slot) {
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            bool valid = next_off[u] >= 0;
            long long off = valid ? next_off[u] : 0;
            u32 dst = my_stage + slot * SLOT_STRIDE + u * U_STRIDE;
            cp_async16_read_once(dst, k + off, valid, read_once);
            cp_async16_read_once(dst + KV_STRIDE, v + off, valid, read_once);
        }
        cp_async_commit();
    };
#pragma unroll
    for (int p = 0; p < STAGES - 1; ++p) {
        look_up(item.kv_start + p * STEP);
        issue(p);
    }
    look_up(item.kv_start + (STAGES - 1) * STEP);

    // The loop bound is the same for every lane, so shuffles inside see full warps.
    int slot = 0;
    for (int base = item.kv_start; base < item.kv_end; base += STEP) {
        issue((slot + STAGES - 1) % STAGES);
        look_up(base + STAGES * STEP);
        cp_async_wait<STAGES - 1>();
        uint4 kr[UNROLL], vr[UNROLL];
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            kr[u] = smem[(slot * UNROLL + u) * 2 * THREADS + threadIdx.x];
            vr[u] = smem[((slot * UNROLL + u) * 2 + 1) * THREADS + threadIdx.x];
        }
        slot = (slot + 1) % STAGES;
        float s[UNROLL];   // this lane's head's logits of the step's tokens
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            int t = base + u * NG + tg;
            float kf[VEC];
            unpack8(kr[u], kf);
#if ROPE
            rope_lane(vp, kf, tx, t);
#endif
            float dot[HEADS_P2];
#pragma unroll
            for (int hh = 0; hh < HEADS_P2; ++hh) {
                dot[hh] = 0.f;
#pragma unroll
                for (int i = 0; i < VEC; ++i) {
                    dot[hh] = fmaf(qf[hh][i], kf[i], dot[hh]);
                }
            }
            float my_dot = sum_heads(dot, lane);
            bool ok = t < item.kv_end && my_head_real && variant_visible(vp, q_pos, t);
            s[u] = ok ? variant_logit(vp, my_dot, r, h0 + my_head, qo_row, qo_len, kv_len, q_pos, t) * LOG2E
                      : NEG_INF;
        }
        float mx = my_m;
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            mx = fmaxf(mx, s[u]);
        }
        const float m_ref = mx == NEG_INF ? 0.f : mx;   // 2^(-inf - m_ref) = 0 while the head has seen no key
        const float my_scale = fast_exp2(my_m - m_ref);
        my_m = mx;
        my_l *= my_scale;
        float my_p[UNROLL];
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            my_p[u] = fast_exp2(s[u] - m_ref);
            my_l += my_p[u];
        }
        // o of a head rescales only when its max moved, which after the first steps is rare.
        float scale[HEADS_PER_CTA];
        bool moved = false;
#pragma unroll
        for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
            scale[hh] = from_head(my_scale, hh);
            moved = moved || scale[hh] != 1.f;
        }
        if (__any_sync(0xffffffffu, moved)) {
#pragma unroll
            for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
#pragma unroll
                for (int i = 0; i < VEC; ++i) {
                    o[hh][i] *= scale[hh];
                }
            }
        }
#pragma unroll
        for (int u = 0; u < UNROLL; ++u) {
            float vf[VEC];
            unpack8(vr[u], vf);
#pragma unroll
            for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
                float pr = from_head(my_p[u], hh);
#pragma unroll
                for (int i = 0; i < VEC; ++i) {
                    o[hh][i] = fmaf(pr, vf[i], o[hh][i]);
                }
            }
        }
    }

    // Every load of this CTA is issued: the merge may launch once every CTA is this far,
    // and waits for the states it reads (CudaAttention launches it overlapped).
    let_next_kernel_launch();
    cp_async_wait<0>();
    float m[HEADS_PER_CTA], l[HEADS_PER_CTA];
#pragma unroll
    for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
        m[hh] = from_head(my_m, hh);
        l[hh] = from_head(my_l, hh);
    }
    // Merge the lane groups of a warp, then the warps through shared memory.
#pragma unroll
    for (int off = TX; off < 32; off <<= 1) {
#pragma unroll
        for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
            float m2 = __shfl_xor_sync(0xffffffffu, m[hh], off);
            float l2 = __shfl_xor_sync(0xffffffffu, l[hh], off);
            float mx = fmaxf(m[hh], m2);
            float a = mx == NEG_INF ? 0.f : exp2f(m[hh] - mx);
            float b = mx == NEG_INF ? 0.f : exp2f(m2 - mx);
#pragma unroll
            for (int i = 0; i < VEC; ++i) {
                float o2 = __shfl_xor_sync(0xffffffffu, o[hh][i], off);
                o[hh][i] = a * o[hh][i] + b * o2;
            }
            l[hh] = a * l[hh] + b * l2;
            m[hh] = mx;
        }
    }
    // The staging slots are free now: they hold the per-warp outputs.
    __syncthreads();
    float (*sm_o)[HEADS_PER_CTA][HEAD_DIM] = reinterpret_cast<float (*)[HEADS_PER_CTA][HEAD_DIM]>(&smem[0]);
    __shared__ float sm_m[WARPS][HEADS_PER_CTA];
    __shared__ float sm_l[WARPS][HEADS_PER_CTA];
    if (lane < TX) {
#pragma unroll
        for (int hh = 0; hh < HEADS_PER_CTA; ++hh) {
#pragma unroll
            for (int i = 0; i < VEC; ++i) {
                sm_o[warp][hh][tx * VEC + i] = o[hh][i];
            }
            if (lane == 0) {
                sm_m[warp][hh] = m[hh];
                sm_l[warp][hh] = l[hh];
            }
        }
    }
    __syncthreads();
    for (int idx = threadIdx.x; idx < HEADS_PER_CTA * HEAD_DIM; idx += blockDim.x) {
        int hh = idx / HEAD_DIM;
        int d = idx % HEAD_DIM;
        if (h0 + hh >= h_end) {
            continue;
        }
        float mx = NEG_INF;
#pragma unroll
        for (int w = 0; w < WARPS; ++w) {
            mx = fmaxf(mx, sm_m[w][hh]);
        }
        float lsum = 0.f, acc = 0.f;
        if (mx != NEG_INF) {
#pragma unroll
            for (int w = 0; w < WARPS; ++w) {
                float wgt = fast_exp2(sm_m[w][hh] - mx);
                lsum += wgt * sm_l[w][hh];
                acc += wgt * sm_o[w][hh][d];
            }
        }
        float value = lsum > 0.f ? acc / lsum : 0.f;
        float lse = lsum > 0.f ? mx + log2f(lsum) : NEG_INF;
        if (item.partial_row == DIRECT_ITEM) {
            out[qo.at(q_row, h0 + hh) + d] = from_float(value);
            if (d == 0) {
                out_lse[q_row * num_qo_heads + h0 + hh] = lse;
            }
        } else {
            long long row = (long long)item.partial_row * num_qo_heads + h0 + hh;
            partial_o[row * HEAD_DIM + d] = value;
            if (d == 0) {
                partial_lse[row] = lse;
            }
        }
    }
}
