package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MatMul, Gemm and FusedMatMulBias on the device through cuBLAS ({@link Cublas#gemm}). A
 * bias (Gemm's C, FusedMatMulBias's bias) is first copied into the output, broadcast, and
 * the product then accumulates onto it (beta 1). MatMul's batch: when the right operand is
 * one matrix, the left one's batch folds into its rows (one GEMM); otherwise batches go to
 * the device when each operand's batch equals the broadcast batch or is a single matrix.
 * Other broadcasts run the CPU op.
 */
final class CudaMatMul implements DeviceOp {
    private final boolean gemm;
    private final boolean bias;

    private CudaMatMul(boolean gemm, boolean bias) {
        this.gemm = gemm;
        this.bias = bias;
    }

    static Map<String, DeviceOp> all() {
        return Map.of("MatMul", new CudaMatMul(false, false), "FusedMatMulBias", new CudaMatMul(false, true),
                "Gemm", new CudaMatMul(true, false));
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        return gemm ? gemm(call) : matmul(call);
    }

    private List<DeviceTensor> gemm(DeviceCall call) {
        boolean transA = call.attributes().getInt("transA", 0) != 0;
        boolean transB = call.attributes().getInt("transB", 0) != 0;
        int[] as = call.shape(0);
        int[] bs = call.shape(1);
        if (as.length != 2 || bs.length != 2) {
            return null;
        }
        int m = transA ? as[1] : as[0];
        int k = transA ? as[0] : as[1];
        int n = transB ? bs[0] : bs[1];
        float beta = call.attributes().getFloat("beta", 1f);
        boolean withC = call.has(2) && beta != 0f;
        DeviceTensor a = call.device(0);
        DeviceTensor b = call.device(1);
        DeviceTensor out = call.allocate(0, new int[] {m, n});
        if (withC) {
            addBias(call, out, call.device(2));
        }
        if (m > 0 && n > 0) {
            call.gpu().cublas().gemm(transA, transB, m, n, k, call.attributes().getFloat("alpha", 1f), a, 0, b, 0,
                    withC ? beta : 0f, out, 0, 1);
        }
        return List.of(out);
    }

    private List<DeviceTensor> matmul(DeviceCall call) {
        int[] as0 = call.shape(0);
        int[] bs0 = call.shape(1);
        int[] as = as0.length == 1 ? new int[] {1, as0[0]} : as0;
        int[] bs = bs0.length == 1 ? new int[] {bs0[0], 1} : bs0;
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        if (bs[bs.length - 2] != k) {
            return null;
        }
        int[][] shapes = call.outputShapes();
        if (shapes == null) {
            return null;
        }
        int[] batch = Broadcasting.shape(aBatch, bBatch);
        int count = Tensor.sizeOf(batch);
        boolean fold = Tensor.sizeOf(bBatch) == 1;
        long strideA = stride(aBatch, batch, (long) m * k);
        long strideB = stride(bBatch, batch, (long) k * n);
        if (!fold && (strideA < 0 || strideB < 0)) {
            return null;
        }
        DeviceTensor a = call.device(0);
        DeviceTensor b = call.device(1);
        DeviceTensor out = call.allocate(0, shapes[0]);
        if (bias) {
            addBias(call, out, call.device(2));
        }
        if (count > 0 && m > 0 && n > 0) {
            float beta = bias ? 1f : 0f;
            if (fold) {
                call.gpu().cublas().gemm(false, false, count * m, n, k, 1f, a, 0, b, 0, beta, out, 0, 1);
            } else {
                call.gpu().cublas().gemm(false, false, m, n, k, 1f, a, strideA, b, strideB, beta, out, (long) m * n,
                        count);
            }
        }
        return List.of(out);
    }

    /** Copies {@code bias}, broadcast to the output's shape, into the output. */
    private static void addBias(DeviceCall call, DeviceTensor out, DeviceTensor bias) {
        Pointwise.launch(call.gpu(), Pointwise.COPY, out,
                DeviceLayout.over(out.shape()).broadcast(1, bias.shape()).coalesced(), bias);
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
