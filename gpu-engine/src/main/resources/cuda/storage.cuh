// How graph values are stored on the device, and their loads and stores in fp32: floating
// values as float or bf16 (the backend's storage choice), integer and boolean values as
// 64-bit integers (booleans 0 and 1). Templates name each operand's type with a definition
// (T_OUT=bf16, T_A=i64, ...) and do their arithmetic in fp32 whatever the storage.
#pragma once

typedef long long i64;

// bf16 as its own type, so that the overloads below pick the conversion by storage type.
struct bf16 {
    unsigned short bits;
};

// fp16 likewise: never a graph value's storage, only the attention library's 16-bit copy of
// an fp32 graph's queries, keys and values (and its output before the copy back).
struct f16 {
    unsigned short bits;
};

__device__ __forceinline__ float load_f32(const float* p, i64 i) {
    return p[i];
}

__device__ __forceinline__ float load_f32(const bf16* p, i64 i) {
    return __uint_as_float(((unsigned)p[i].bits) << 16);
}

__device__ __forceinline__ float load_f32(const f16* p, i64 i) {
    float v;
    asm("cvt.f32.f16 %0, %1;" : "=f"(v) : "h"(p[i].bits));
    return v;
}

__device__ __forceinline__ float load_f32(const i64* p, i64 i) {
    return (float)p[i];
}

__device__ __forceinline__ void store_f32(float* p, i64 i, float v) {
    p[i] = v;
}

// Round to nearest even, as cuBLAS and PyTorch round.
__device__ __forceinline__ void store_f32(bf16* p, i64 i, float v) {
    unsigned short r;
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(r) : "f"(v));
    p[i].bits = r;
}

__device__ __forceinline__ void store_f32(f16* p, i64 i, float v) {
    unsigned short r;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(r) : "f"(v));
    p[i].bits = r;
}
