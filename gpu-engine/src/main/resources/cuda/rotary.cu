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
