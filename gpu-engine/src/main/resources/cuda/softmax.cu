// Softmax (LOG 0) or LogSoftmax (LOG 1) of fp32 rows of length n, one warp per row: the
// max, the sum of exponentials, then the output, each a pass over the row.
#include "warp_rows.cuh"

extern "C" __global__ void __launch_bounds__(128) softmax_rows(const float* __restrict__ in, float* __restrict__ out,
                                                            long long rows, int n) {
    const long long row = (long long)blockIdx.x * 4 + (threadIdx.x >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) {
        return;
    }
    const float* x = in + row * n;
    float* y = out + row * n;
    float mx = -__int_as_float(0x7f800000);
    for (int k = lane; k < n; k += 32) {
        mx = fmaxf(mx, x[k]);
    }
    mx = warp_max(mx);
    float sum = 0.f;
    for (int k = lane; k < n; k += 32) {
        sum += expf(x[k] - mx);
    }
    sum = warp_sum(sum);
#if LOG
    const float log_sum = logf(sum);
    for (int k = lane; k < n; k += 32) {
        y[k] = x[k] - mx - log_sum;
    }
#else
    const float inv = 1.f / sum;
    for (int k = lane; k < n; k += 32) {
        y[k] = expf(x[k] - mx) * inv;
    }
#endif
}
