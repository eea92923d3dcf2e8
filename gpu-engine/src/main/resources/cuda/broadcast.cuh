// Addressing of the grid-stride templates (elementwise.cu, rotary.cu): one iteration
// shape walked in row-major order, and for each operand (0 is the output) a base offset and
// a stride per axis in elements. A broadcast axis has stride 0, a transpose permutes
// strides, a slice scales them by its step, a concatenation writes at an offset of the
// output. The host (DeviceLayout) fills the struct, merges axes that stay contiguous for
// every operand, and passes it by value, so a launch needs no copy of its own.
#pragma once
#include "storage.cuh"

#define MAX_RANK 8
#define MAX_OPERANDS 4

struct Layout {
    i64 n;
    i64 rank;
    i64 shape[MAX_RANK];
    i64 offset[MAX_OPERANDS];
    i64 stride[MAX_OPERANDS][MAX_RANK];
};

// Element offsets of every operand for flat index i of the iteration shape.
__device__ __forceinline__ void layout_offsets(const Layout& L, i64 i, i64* off) {
#pragma unroll
    for (int o = 0; o < MAX_OPERANDS; ++o) {
        off[o] = L.offset[o];
    }
    i64 rest = i;
    for (int d = (int)L.rank - 1; d >= 0; --d) {
        i64 c = d == 0 ? rest : rest % L.shape[d];
        rest = d == 0 ? 0 : rest / L.shape[d];
#pragma unroll
        for (int o = 0; o < MAX_OPERANDS; ++o) {
            off[o] += c * L.stride[o][d];
        }
    }
}
