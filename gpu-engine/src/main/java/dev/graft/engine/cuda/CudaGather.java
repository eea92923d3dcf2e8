package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * ONNX Gather of floating data on the device (gather.cu): an embedding lookup, a row of a
 * table. The indices are host values (integers stay on the host), checked there before the
 * launch with the CPU op's message; the kernel reads their device copy, which the executor
 * makes once per run for a graph input. Negative indices are taken from the end on the
 * host, so the copy the kernel reads is the checked one.
 */
final class CudaGather implements DeviceOp {
    static Map<String, DeviceOp> all() {
        return Map.of("Gather", new CudaGather());
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] ds = call.shape(0);
        if (ds.length == 0 || !call.onHost(1)) {
            return null;
        }
        int axis = Axes.normalize(call.attributes().getInt("axis", 0), ds.length);
        int size = ds[axis];
        Tensor indices = call.host(1);
        boolean negative = false;
        for (long raw : indices.longs()) {
            if (raw < -size || raw >= size) {
                throw new OpException("index " + raw + " is out of range for axis " + axis + " of size " + size);
            }
            negative |= raw < 0;
        }
        if (negative) {
            return null;
        }
        long inner = 1;
        for (int d = axis + 1; d < ds.length; d++) {
            inner *= ds[d];
        }
        int[] outShape = new int[ds.length - 1 + indices.rank()];
        System.arraycopy(ds, 0, outShape, 0, axis);
        System.arraycopy(indices.shape(), 0, outShape, axis, indices.rank());
        System.arraycopy(ds, axis + 1, outShape, axis + indices.rank(), ds.length - axis - 1);
        DeviceTensor data = call.device(0);
        DeviceTensor idx = call.device(1);
        DeviceTensor out = call.allocate(0, outShape);
        if (out.size() > 0) {
            CudaKernel kernel = call.gpu().loader().load(source(data.type()));
            Launches.overElements(call.gpu(), kernel, out.size(), out.buffer(), data.buffer(), idx.buffer(),
                    (long) out.size(), (long) indices.size(), (long) size, inner);
        }
        return List.of(out);
    }

    /** The template for data stored as {@code data}. */
    static KernelSource source(DeviceType data) {
        return KernelSource.template("gather", "gather.cu").define(Map.of("T_DATA", data.cudaName()));
    }
}
