// ONNX Gather of fp32 data along one axis: out (outer, count, inner) takes
// data (outer, size, inner) at the given indices, already checked and made non-negative
// by the host.
extern "C" __global__ void __launch_bounds__(256) gather(const float* __restrict__ data, const int* __restrict__ idx,
                                                      float* __restrict__ out, long long n, int count, int size,
                                                      long long inner) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        long long k = i % inner;
        long long j = (i / inner) % count;
        long long o = i / (inner * count);
        out[i] = data[(o * size + idx[j]) * inner + k];
    }
}
