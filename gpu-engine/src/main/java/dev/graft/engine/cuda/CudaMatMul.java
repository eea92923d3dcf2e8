package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.standard.MatMul;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX MatMul on a CUDA device through cuBLAS (fp32 strided-batched GEMM; f16 and bf16
 * graphs compute in fp32 as the CPU op does). Batches go to the device when one operand's
 * batch equals the broadcast batch and the other's equals it or is a single matrix; other
 * broadcasts and empty products run the CPU op.
 */
public final class CudaMatMul extends CudaOp {
    private final CudaRuntime gpu;

    public CudaMatMul(CudaRuntime gpu) {
        super(new MatMul());
        this.gpu = gpu;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor a = ctx.required(0);
        Tensor b = ctx.required(1);
        int[] as = a.shape().length == 1 ? new int[] {1, a.dim(0)} : a.shape();
        int[] bs = b.shape().length == 1 ? new int[] {b.dim(0), 1} : b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        if (bs[bs.length - 2] != k) {
            return contract.execute(ctx);
        }
        int[] batch = Broadcasting.shape(aBatch, bBatch);
        int count = Tensor.sizeOf(batch);
        long strideA = stride(aBatch, batch, (long) m * k);
        long strideB = stride(bBatch, batch, (long) k * n);
        if (strideA < 0 || strideB < 0 || count == 0 || m == 0 || n == 0 || k == 0) {
            return contract.execute(ctx);
        }
        float[] out = new float[count * m * n];
        try (DeviceBuffer da = gpu.pool().allocate(4L * a.size(), "MatMul A").upload(a.floats());
             DeviceBuffer db = gpu.pool().allocate(4L * b.size(), "MatMul B").upload(b.floats());
             DeviceBuffer dc = gpu.pool().allocate(4L * out.length, "MatMul C")) {
            gpu.cublas().matmul(da, strideA, db, strideB, dc, (long) m * n, m, k, n, count);
            gpu.stream().synchronize();
            dc.download(out);
        }
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        int rank = batch.length;
        if (a.rank() > 1) {
            shape[rank++] = m;
        }
        if (b.rank() > 1) {
            shape[rank++] = n;
        }
        return List.of(Tensor.ofFloats(a.dtype(), Arrays.copyOf(shape, rank), out));
    }

    /** The batch stride of an operand: a full batch steps by one matrix, a single matrix repeats (0); -1 otherwise. */
    private static long stride(int[] operandBatch, int[] batch, long matrix) {
        if (Tensor.sizeOf(operandBatch) == 1) {
            return 0;
        }
        int pad = batch.length - operandBatch.length;
        for (int i = 0; i < batch.length; i++) {
            int dim = i < pad ? 1 : operandBatch[i - pad];
            if (dim != batch[i]) {
                return -1;
            }
        }
        return matrix;
    }
}
