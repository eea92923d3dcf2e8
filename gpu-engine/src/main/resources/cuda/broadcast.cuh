// Addressing of the grid-stride templates over broadcast operands (elementwise.cu,
// rotary.cu). The host (CudaElementwise.strides) fills dims with the RANK output sizes,
// then the first and the second operand's strides in elements, 0 on an axis an operand
// broadcasts.
#pragma once

// Element offsets of flat output index i in the first and the second operand.
__device__ __forceinline__ void broadcast_offsets(long long i, const long long* dims, int rank,
                                                  long long* first, long long* second) {
    long long rest = i;
    long long f = 0;
    long long s = 0;
    for (int d = rank - 1; d >= 0; --d) {
        long long c = rest % dims[d];
        rest /= dims[d];
        f += c * dims[rank + d];
        s += c * dims[2 * rank + d];
    }
    *first = f;
    *second = s;
}
