package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import java.util.List;
import java.util.Map;

/**
 * Normalizations over the last axis on the device (norm_rows.cu, one warp per row, fp32
 * arithmetic): the fused FusedRMSNorm and FusedLayerNorm, and ONNX's LayerNormalization,
 * RMSNormalization and SimplifiedLayerNormalization when they normalize the last axis
 * only, with a weight (and bias) of that axis's length, and a single output. Anything else
 * runs the CPU op.
 */
final class CudaRowNorm implements DeviceOp {
    /** The ops served, and whether each centers on the mean (LayerNorm) or not (RMSNorm). */
    static final Map<String, Boolean> CENTERED = Map.of("FusedRMSNorm", false, "FusedLayerNorm", true,
            "LayerNormalization", true, "RMSNormalization", false, "SimplifiedLayerNormalization", false);

    private final boolean centered;

    private CudaRowNorm(boolean centered) {
        this.centered = centered;
    }

    static Map<String, DeviceOp> all() {
        Map<String, DeviceOp> ops = new java.util.HashMap<>();
        CENTERED.forEach((op, c) -> ops.put(op, new CudaRowNorm(c)));
        return ops;
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] x = call.shape(0);
        int n = x.length == 0 ? 0 : x[x.length - 1];
        boolean hasBias = centered && call.has(2);
        boolean lastAxis = x.length > 0 && Axes.normalize(call.attributes().getInt("axis", -1), x.length) == x.length - 1;
        if (!lastAxis || n == 0 || !isRowVector(call.shape(1), n) || hasBias && !isRowVector(call.shape(2), n)
                || call.node().outputs().size() != 1) {
            return null;
        }
        DeviceTensor in = call.device(0);
        DeviceTensor w = call.device(1);
        DeviceTensor b = hasBias ? call.device(2) : w;
        if (b.type() != w.type()) {
            return null;
        }
        DeviceTensor out = call.allocate(0, x);
        long rows = in.size() / n;
        if (rows > 0) {
            CudaKernel kernel = call.gpu().loader().load(source(centered, hasBias, out.type(), in.type(), w.type()));
            Launches.overRows(call.gpu(), kernel, rows, out.buffer(), in.buffer(), w.buffer(), b.buffer(), rows, n,
                    call.attributes().getFloat("epsilon", 1e-5f));
        }
        return List.of(out);
    }

    /** n values laid along the last axis only (shape [n], [1, n], ...). */
    private static boolean isRowVector(int[] shape, int n) {
        return shape.length > 0 && shape[shape.length - 1] == n && dev.graft.engine.tensor.Tensor.sizeOf(shape) == n;
    }

    /** The template for a (centered or RMS) norm, with or without bias, over these storage types. */
    static KernelSource source(boolean centered, boolean hasBias, DeviceType out, DeviceType x, DeviceType w) {
        return KernelSource.template("norm_rows", "norm_rows.cu").define(Map.of("CENTERED", centered ? 1 : 0,
                "HAS_BIAS", hasBias ? 1 : 0, "T_OUT", out.cudaName(), "T_X", x.cudaName(), "T_W", w.cudaName()));
    }
}
