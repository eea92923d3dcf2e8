// One pointwise op over strided operands: out = EXPR of x = a[...], y = b[...] (ARITY >= 2)
// and z = c[...] (ARITY 3), computed in fp32 and stored as T_OUT. The op is a definition,
// so every ONNX elementwise op, Where, Cast, the fused SwiGLU and Gelu, and every copy the
// layout ops make (Transpose, Slice, Expand, Concat, Split: EXPR x with their strides)
// are this one template. Operand types: T_OUT, T_A, T_B, T_C (storage.cuh).
#include "broadcast.cuh"

extern "C" __global__ void __launch_bounds__(256) elementwise(T_OUT* __restrict__ out, const T_A* __restrict__ a,
                                                           const T_B* __restrict__ b, const T_C* __restrict__ c,
                                                           const Layout layout) {
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < layout.n; i += (i64)gridDim.x * blockDim.x) {
        i64 off[MAX_OPERANDS];
        layout_offsets(layout, i, off);
        const float x = load_f32(a, off[1]);
#if ARITY >= 2
        const float y = load_f32(b, off[2]);
#endif
#if ARITY >= 3
        const float z = load_f32(c, off[3]);
#endif
        store_f32(out, off[0], EXPR);
    }
}

// The same op where every operand is contiguous with the output's shape, from element 0 of
// a 32-byte aligned buffer (the host checks): eight elements per thread and step, each
// operand read in one or two vector accesses instead of eight 2-byte ones; the last n % 8
// element by element.
extern "C" __global__ void __launch_bounds__(256) elementwise_flat(T_OUT* __restrict__ out, const T_A* __restrict__ a,
                                                                const T_B* __restrict__ b, const T_C* __restrict__ c,
                                                                const i64 n) {
    const i64 step = (i64)gridDim.x * blockDim.x;
    const i64 first = (i64)blockIdx.x * blockDim.x + threadIdx.x;
    for (i64 g = first; g < n / 8; g += step) {
        float xs[8];
        float r[8];
        load8_f32(a, 8 * g, xs);
#if ARITY >= 2
        float ys[8];
        load8_f32(b, 8 * g, ys);
#endif
#if ARITY >= 3
        float zs[8];
        load8_f32(c, 8 * g, zs);
#endif
#pragma unroll
        for (int k = 0; k < 8; ++k) {
            const float x = xs[k];
#if ARITY >= 2
            const float y = ys[k];
#endif
#if ARITY >= 3
            const float z = zs[k];
#endif
            r[k] = EXPR;
        }
        store8_f32(out, 8 * g, r);
    }
    for (i64 i = n / 8 * 8 + first; i < n; i += step) {
        const float x = load_f32(a, i);
#if ARITY >= 2
        const float y = load_f32(b, i);
#endif
#if ARITY >= 3
        const float z = load_f32(c, i);
#endif
        store_f32(out, i, EXPR);
    }
}
