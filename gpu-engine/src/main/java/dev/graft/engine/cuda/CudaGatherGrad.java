package dev.graft.engine.cuda;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * {@code graft.train::GatherGrad} on the device (gather_grad.cu): the embedding gradient.
 * Repeated indices add into one row, by fp32 atomic adds rather than a sort: the indices
 * are on the host and change every microbatch, so a sorted plan would be one more upload
 * per run for a kernel whose contention is only the repeats (a token's few occurrences in a
 * batch). The sum's order, and so its last bits, may differ from run to run. The output
 * (or, for bf16 storage, an fp32 scratch converted into it) is zeroed on the stream first.
 * Indices and shape are host values, checked there ({@link ScatterRows}); the kernel reads
 * the indices' device copy, as Gather does.
 */
final class CudaGatherGrad implements DeviceOp {
    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        if (!call.onHost(1) || !call.onHost(2)) {
            return null;
        }
        int[] shape = ints(call.host(2));
        ScatterRows walk = ScatterRows.of(shape, call.attributes().getInt("axis", 0), call.host(1).toLongs(),
                Tensor.sizeOf(call.shape(0)));
        DeviceTensor dy = call.device(0);
        DeviceTensor idx = call.device(1);
        DeviceTensor out = call.allocate(0, shape);
        boolean direct = out.type() == DeviceType.F32;
        DeviceTensor sums = direct ? out : call.allocate(DType.FLOAT32, DeviceType.F32, shape, "fp32 sums");
        try {
            StreamZero.zero(call.gpu(), sums);
            if (walk.elements() > 0) {
                CudaKernel kernel = call.gpu().loader().load(source(dy.type()));
                Launches.overElements(call.gpu(), kernel, walk.elements(), sums.buffer(), dy.buffer(), idx.buffer(),
                        walk.elements(), walk.count(), walk.size(), walk.inner());
            }
            if (!direct) {
                Pointwise.launch(call.gpu(), Pointwise.COPY, out, DeviceLayout.over(shape).same(1).coalesced(), sums);
            }
        } finally {
            if (!direct) {
                sums.close();
            }
        }
        return List.of(out);
    }

    /** The template for dy stored as {@code dy}. */
    static KernelSource source(DeviceType dy) {
        return KernelSource.template("gather_grad", "gather_grad.cu").define(Map.of("T_DY", dy.cudaName()));
    }

    /** An int64 shape input as ints. */
    static int[] ints(Tensor shape) {
        long[] l = shape.toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }
}
