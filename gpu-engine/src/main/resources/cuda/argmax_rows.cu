// Greedy sampling on the device: out[row] = the index of the largest of the n logits of the
// row (storage type T_DATA, storage.cuh), the first one on ties as torch.argmax. One warp per row;
// each lane keeps the best of columns lane, lane + 32, ..., then the butterfly keeps the
// larger value, or the lower index of equal ones.
#include "storage.cuh"

extern "C" __global__ void __launch_bounds__(128) argmax_rows(int* __restrict__ out, const T_DATA* __restrict__ logits,
                                                            const i64 rows, const i64 n) {
    const i64 row = (i64)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) {
        return;
    }
    float best = -__int_as_float(0x7f800000);
    i64 index = n;
    for (i64 c = lane; c < n; c += 32) {
        const float v = load_f32(logits, row * n + c);
        if (v > best || index == n) {
            best = v;
            index = c;
        }
    }
    for (int off = 16; off > 0; off >>= 1) {
        const float other = __shfl_xor_sync(0xffffffffu, best, off);
        const i64 other_index = __shfl_xor_sync(0xffffffffu, index, off);
        if (other > best || (other == best && other_index < index)) {
            best = other;
            index = other_index;
        }
    }
    if (lane == 0) {
        out[row] = (int)index;
    }
}
