package dev.graft.engine.cuda;

import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import java.util.List;
import java.util.Map;

/**
 * {@code graft.train::SoftmaxCrossEntropy} on the device: each row's −log softmax at its
 * label (cross_entropy.cu, one warp per row, into an fp32 scratch), then their mean by the
 * row reduction (reduce.cu, as ReduceMean). The labels are host values, checked there with
 * the CPU op's messages; the kernel reads their device copy. Its gradient is a
 * decomposition (Softmax, Where, Mul) that the device already runs.
 */
final class CudaCrossEntropy implements DeviceOp {
    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] z = call.shape(0);
        if (z.length == 0 || !call.onHost(1)) {
            return null;
        }
        int classes = z[z.length - 1];
        long rows = rows(z, call.host(1).toLongs());
        if (classes == 0 || rows == 0) {
            return null;
        }
        DeviceTensor logits = call.device(0);
        DeviceTensor labels = call.device(1);
        DeviceTensor out = call.allocate(0, new int[0]);
        try (DeviceTensor terms = call.allocate(DType.FLOAT32, DeviceType.F32, new int[] {(int) rows}, "row losses")) {
            CudaKernel perRow = call.gpu().loader().load(source(logits.type()));
            Launches.overRows(call.gpu(), perRow, rows, terms.buffer(), logits.buffer(), labels.buffer(), rows,
                    (long) classes);
            CudaKernel mean = call.gpu().loader().load(CudaReduce.source(false, true, out.type(), DeviceType.F32));
            Launches.overRows(call.gpu(), mean, 1, out.buffer(), terms.buffer(), 1L, rows, 1L);
        }
        return List.of(out);
    }

    /**
     * The rows of logits of {@code shape}, having checked the labels as the CPU op does: one
     * per row, each in 0..C−1.
     */
    static long rows(int[] shape, long[] labels) {
        int classes = shape[shape.length - 1];
        long rows = Tensor.sizeOf(shape) / Math.max(1, classes);
        if (labels.length != rows) {
            throw new OpException(SoftmaxCrossEntropy.NAME + ": " + labels.length + " labels for " + rows
                    + " rows of logits");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new OpException(SoftmaxCrossEntropy.NAME + ": label " + labels[i] + " at position " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        return rows;
    }

    /** The per-row template for logits stored as {@code logits}. */
    static KernelSource source(DeviceType logits) {
        return KernelSource.template("cross_entropy_rows", "cross_entropy.cu").define(Map.of("T_IN", logits.cudaName()));
    }
}
