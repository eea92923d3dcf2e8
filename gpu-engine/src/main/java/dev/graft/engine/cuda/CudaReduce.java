package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ReduceSum, ReduceMean and ReduceMax on the device (reduce.cu, one warp per output, fp32
 * arithmetic) when the reduced axes are adjacent, so the input is (outer, r, inner); other
 * axis sets run the CPU op. Axes come from the attribute or the second input (a host
 * value), none meaning all unless {@code noop_with_empty_axes}.
 */
final class CudaReduce implements DeviceOp {
    private final boolean max;
    private final boolean mean;

    private CudaReduce(boolean max, boolean mean) {
        this.max = max;
        this.mean = mean;
    }

    static Map<String, DeviceOp> all() {
        return Map.of("ReduceSum", new CudaReduce(false, false), "ReduceMean", new CudaReduce(false, true),
                "ReduceMax", new CudaReduce(true, false));
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] x = call.shape(0);
        long[] given = call.has(1) ? call.host(1).longs() : call.attributes().getInts("axes");
        int[] axes;
        if (given == null || given.length == 0) {
            if (call.attributes().getInt("noop_with_empty_axes", 0) != 0) {
                return null;
            }
            axes = java.util.stream.IntStream.range(0, x.length).toArray();
        } else {
            axes = Axes.normalize(given, x.length);
            Arrays.sort(axes);
        }
        int[][] shapes = call.outputShapes();
        if (shapes == null || axes.length == 0 || axes[axes.length - 1] - axes[0] != axes.length - 1) {
            return null;
        }
        long outer = 1;
        long r = 1;
        long inner = 1;
        for (int d = 0; d < x.length; d++) {
            if (d < axes[0]) {
                outer *= x[d];
            } else if (d <= axes[axes.length - 1]) {
                r *= x[d];
            } else {
                inner *= x[d];
            }
        }
        if (r == 0) {
            return null;
        }
        DeviceTensor in = call.device(0);
        DeviceTensor out = call.allocate(0, shapes[0]);
        long outputs = outer * inner;
        if (outputs > 0) {
            CudaKernel kernel = call.gpu().loader().load(source(max, mean, out.type(), in.type()));
            Launches.overRows(call.gpu(), kernel, outputs, out.buffer(), in.buffer(), outputs, r, inner);
        }
        return List.of(out);
    }

    /** The template for a sum, mean or max over these storage types. */
    static KernelSource source(boolean max, boolean mean, DeviceType out, DeviceType in) {
        return KernelSource.template("reduce", "reduce.cu").define(Map.of("OP_MAX", max ? 1 : 0, "MEAN",
                mean ? 1 : 0, "T_OUT", out.cudaName(), "T_IN", in.cudaName()));
    }
}
