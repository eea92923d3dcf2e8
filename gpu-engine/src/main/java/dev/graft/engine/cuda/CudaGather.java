package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * ONNX Gather of floating data on a CUDA device (gather.cu). Indices are checked on the
 * host before the launch, with the CPU op's message; integer data runs the CPU op.
 */
public final class CudaGather extends CudaOp {
    private final CudaRuntime gpu;

    public CudaGather(CudaRuntime gpu) {
        super(OpRegistry.get().find("", "Gather"));
        this.gpu = gpu;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor data = ctx.required(0);
        Tensor indices = ctx.required(1);
        if (!data.dtype().isFloating() || indices.dtype().isFloating() || data.rank() == 0) {
            return contract.execute(ctx);
        }
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), data.rank());
        int[] ds = data.shape();
        int size = ds[axis];
        long inner = 1;
        for (int d = axis + 1; d < ds.length; d++) {
            inner *= ds[d];
        }
        long[] raw = indices.longs();
        int[] idx = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            long at = raw[i] < 0 ? raw[i] + size : raw[i];
            if (at < 0 || at >= size) {
                throw new OpException("index " + raw[i] + " is out of range for axis " + axis + " of size " + size);
            }
            idx[i] = (int) at;
        }
        int[] outShape = new int[ds.length - 1 + indices.rank()];
        System.arraycopy(ds, 0, outShape, 0, axis);
        System.arraycopy(indices.shape(), 0, outShape, axis, indices.rank());
        System.arraycopy(ds, axis + 1, outShape, axis + indices.rank(), ds.length - axis - 1);
        float[] out = new float[Tensor.sizeOf(outShape)];
        if (out.length > 0) {
            CudaKernel kernel = gpu.loader().load(KernelSource.template("gather", "gather.cu").define(Map.of()));
            try (DeviceBuffer dd = gpu.pool().allocate(4L * Math.max(1, data.size()), "Gather data").upload(data.floats());
                 DeviceBuffer di = gpu.pool().allocate(4L * idx.length, "Gather indices").upload(idx);
                 DeviceBuffer dout = gpu.pool().allocate(4L * out.length, "Gather output")) {
                Launches.overElements(gpu, kernel, out.length, dd, di, dout, (long) out.length, idx.length, size, inner);
                dout.download(out);
            }
        }
        return List.of(Tensor.ofFloats(data.dtype(), outShape, out));
    }
}
