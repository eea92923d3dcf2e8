// The hooks of an attention variant, the CUDA side of VariantHooks.java. Flags come as
// macros (CAUSAL, SOFTCAP, WINDOW, ALIBI, MASK, ROPE) so each combination compiles to its
// own specialization of one kernel family; the numbers are run-time parameters.
// Order: s = (q.k) * sm_scale; soft-cap; + ALiBi; + custom bias; causal/window drop.
#pragma once

struct VariantParams {
    float sm_scale;
    float soft_cap;
    int window_left;
    float rope_log2_theta;
    int num_qo_heads;
    const float* mask;               // MASK: additive bias, see CustomMask.java
    const long long* mask_offsets;   // MASK: start of each request's bias block
};

__device__ __forceinline__ bool variant_visible(const VariantParams& p, int q_pos, int k_pos) {
    bool ok = true;
#if CAUSAL
    ok = ok && k_pos <= q_pos;
#endif
#if WINDOW
    ok = ok && k_pos >= q_pos - p.window_left;
#endif
    return ok;
}

__device__ __forceinline__ float alibi_slope(int head, int num_heads) {
    int p = 1 << (31 - __clz(num_heads));
    if (head < p) {
        return exp2f(-8.0f * (head + 1) / p);
    }
    return exp2f(-4.0f * (2 * (head - p) + 1) / p);
}

// The logit of a visible key in natural-log units. qo_row and qo_len locate the mask entry.
__device__ __forceinline__ float variant_logit(const VariantParams& p, float dot, int request, int head,
                                               int qo_row, int qo_len, int kv_len, int q_pos, int k_pos) {
    float s = dot * p.sm_scale;
#if SOFTCAP
    s = p.soft_cap * tanhf(s / p.soft_cap);
#endif
#if ALIBI
    s += alibi_slope(head, p.num_qo_heads) * (float)(k_pos - q_pos);
#endif
#if MASK
    int mh = MASK == 2 ? head : 0;
    s += p.mask[p.mask_offsets[request] + ((long long)mh * qo_len + qo_row) * kv_len + k_pos];
#endif
    return s;
}

// Angle of RoPE pair i (0 <= i < HEAD_DIM/2) at a position: pos * theta^(-2i/d).
__device__ __forceinline__ void rope_sincos(const VariantParams& p, int i, int pos, float* s, float* c) {
    float inv_freq = exp2f(-2.0f * i / HEAD_DIM * p.rope_log2_theta);
    sincosf((float)pos * inv_freq, s, c);
}
