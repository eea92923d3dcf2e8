// ONNX ReduceSum / ReduceMean / ReduceMax over a run of adjacent axes, in fp32: the input
// is (outer, r, inner) with the reduced axes as r, and one warp makes each of the outer *
// inner outputs. OP_MAX 1 takes the max, else the sum; MEAN 1 divides the sum by r.
#include "storage.cuh"
#include "warp_rows.cuh"

extern "C" __global__ void __launch_bounds__(128) reduce(T_OUT* __restrict__ out, const T_IN* __restrict__ in,
                                                      i64 outputs, i64 r, i64 inner) {
    const i64 o = (i64)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (o >= outputs) {
        return;
    }
    const i64 base = (o / inner) * r * inner + o % inner;
#if OP_MAX
    float acc = -__int_as_float(0x7f800000);
    for (i64 k = lane; k < r; k += 32) {
        acc = fmaxf(acc, load_f32(in, base + k * inner));
    }
    acc = warp_max(acc);
#else
    float acc = 0.f;
    for (i64 k = lane; k < r; k += 32) {
        acc += load_f32(in, base + k * inner);
    }
    acc = warp_sum(acc);
#if MEAN
    acc /= (float)r;
#endif
#endif
    if (lane == 0) {
        store_f32(out, o, acc);
    }
}
