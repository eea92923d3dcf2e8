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

// Eight consecutive values p[i .. i + 8) in fp32, and their stores: one 16-byte access for
// 16-bit storage, two for float (i a multiple of 8, p aligned to 32 bytes), element by element
// for 64-bit integers. The grid-stride templates' contiguous paths read and write through these.
__device__ __forceinline__ void load8_f32(const float* p, i64 i, float* v) {
    const float4 a = *reinterpret_cast<const float4*>(p + i);
    const float4 b = *reinterpret_cast<const float4*>(p + i + 4);
    v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w;
    v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}

__device__ __forceinline__ void load8_f32(const bf16* p, i64 i, float* v) {
    const uint4 u = *reinterpret_cast<const uint4*>(p + i);
    const unsigned w[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
    for (int k = 0; k < 4; ++k) {
        v[2 * k] = __uint_as_float(w[k] << 16);
        v[2 * k + 1] = __uint_as_float(w[k] & 0xffff0000u);
    }
}

__device__ __forceinline__ void load8_f32(const f16* p, i64 i, float* v) {
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        v[k] = load_f32(p, i + k);
    }
}

__device__ __forceinline__ void load8_f32(const i64* p, i64 i, float* v) {
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        v[k] = load_f32(p, i + k);
    }
}

__device__ __forceinline__ void store8_f32(float* p, i64 i, const float* v) {
    *reinterpret_cast<float4*>(p + i) = make_float4(v[0], v[1], v[2], v[3]);
    *reinterpret_cast<float4*>(p + i + 4) = make_float4(v[4], v[5], v[6], v[7]);
}

// Round to nearest even, two at a time (the lower index in the low half).
__device__ __forceinline__ void store8_f32(bf16* p, i64 i, const float* v) {
    unsigned w[4];
#pragma unroll
    for (int k = 0; k < 4; ++k) {
        asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(w[k]) : "f"(v[2 * k + 1]), "f"(v[2 * k]));
    }
    *reinterpret_cast<uint4*>(p + i) = make_uint4(w[0], w[1], w[2], w[3]);
}

__device__ __forceinline__ void store8_f32(f16* p, i64 i, const float* v) {
#pragma unroll
    for (int k = 0; k < 8; ++k) {
        store_f32(p, i + k, v[k]);
    }
}
