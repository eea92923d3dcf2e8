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
