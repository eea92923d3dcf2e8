// Rotary embedding in the rotate-half form, in fp32: out = x * cos + rotate_half(x) * sin,
// rotate_half(x)[i] = -x[i + d/2] for i < d/2, x[i - d/2] otherwise (d, the last axis, is
// even). The layout (broadcast.cuh) walks the output: operands 1 to 3 are x (contiguous,
// like the output), cos and sin (stride 0 where they broadcast). Axes are not merged, so
// the last one is d.
#include "broadcast.cuh"

extern "C" __global__ void __launch_bounds__(256) rotary(T_OUT* __restrict__ out, const T_X* __restrict__ x,
                                                      const T_COS* __restrict__ cos_t, const T_SIN* __restrict__ sin_t,
                                                      const Layout layout) {
    const i64 d = layout.shape[layout.rank - 1];
    const i64 half = d / 2;
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < layout.n; i += (i64)gridDim.x * blockDim.x) {
        i64 off[MAX_OPERANDS];
        layout_offsets(layout, i, off);
        const i64 pos = i % d;
        const float rotated = pos < half ? -load_f32(x, off[1] + half) : load_f32(x, off[1] - half);
        store_f32(out, off[0], load_f32(x, off[1]) * load_f32(cos_t, off[2]) + rotated * load_f32(sin_t, off[3]));
    }
}

// The same rotation where every operand is read along d contiguously, from offsets and
// row strides that are multiples of 8 into 32-byte aligned buffers, d a multiple of 16 (the
// host checks): a thread takes eight pairs (j, j + d/2) of one row, so each operand is read
// in vector accesses and the row's offsets are found once per sixteen elements.
extern "C" __global__ void __launch_bounds__(256) rotary_rows(T_OUT* __restrict__ out, const T_X* __restrict__ x,
                                                           const T_COS* __restrict__ cos_t,
                                                           const T_SIN* __restrict__ sin_t, const Layout layout) {
    const i64 d = layout.shape[layout.rank - 1];
    const i64 half = d / 2;
    const i64 per_row = half / 8;
    const i64 groups = layout.n / d * per_row;
    for (i64 g = (i64)blockIdx.x * blockDim.x + threadIdx.x; g < groups; g += (i64)gridDim.x * blockDim.x) {
        const i64 row = g / per_row;
        const i64 j = (g - row * per_row) * 8;
        i64 off[MAX_OPERANDS];
        layout_offsets(layout, row * d, off);
        float x1[8], x2[8], c1[8], c2[8], s1[8], s2[8], o1[8], o2[8];
        load8_f32(x, off[1] + j, x1);
        load8_f32(x, off[1] + j + half, x2);
        load8_f32(cos_t, off[2] + j, c1);
        load8_f32(cos_t, off[2] + j + half, c2);
        load8_f32(sin_t, off[3] + j, s1);
        load8_f32(sin_t, off[3] + j + half, s2);
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            o1[k] = x1[k] * c1[k] + -x2[k] * s1[k];
            o2[k] = x2[k] * c2[k] + x1[k] * s2[k];
        }
        store8_f32(out, off[0] + j, o1);
        store8_f32(out, off[0] + j + half, o2);
    }
}
