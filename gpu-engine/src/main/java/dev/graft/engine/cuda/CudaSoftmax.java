package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import java.util.List;
import java.util.Map;

/**
 * Softmax or LogSoftmax over the last axis on the device (softmax.cu, one warp per row,
 * fp32 arithmetic); another axis runs the CPU op. {@link #launch} also serves attention's
 * scaled, masked, causal scores ({@link CudaFusedAttention}).
 */
final class CudaSoftmax implements DeviceOp {
    private final boolean log;

    private CudaSoftmax(boolean log) {
        this.log = log;
    }

    static Map<String, DeviceOp> all() {
        return Map.of("Softmax", new CudaSoftmax(false), "LogSoftmax", new CudaSoftmax(true));
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] x = call.shape(0);
        if (x.length == 0 || Axes.normalize(call.attributes().getInt("axis", -1), x.length) != x.length - 1) {
            return null;
        }
        DeviceTensor in = call.device(0);
        DeviceTensor out = call.allocate(0, x);
        int n = x[x.length - 1];
        if (n > 0) {
            launch(call.gpu(), log, out, in, null, RowLogits.plain(in.size() / n, n));
        }
        return List.of(out);
    }

    /** Queues the row softmax of {@code in} into {@code out} with {@code logits}' scale, mask and causality. */
    static void launch(CudaRuntime gpu, boolean log, DeviceTensor out, DeviceTensor in, DeviceTensor mask,
                       RowLogits logits) {
        CudaKernel kernel = gpu.loader().load(source(log, mask != null, out.type(), in.type(),
                (mask != null ? mask : in).type()));
        Launches.overRows(gpu, kernel, logits.rows(), out.buffer(), in.buffer(), (mask != null ? mask : in).buffer(),
                logits.pack());
    }

    /** The template for a (log-)softmax, with or without a mask, over these storage types. */
    static KernelSource source(boolean log, boolean masked, DeviceType out, DeviceType in, DeviceType mask) {
        return KernelSource.template("softmax_rows", "softmax.cu").define(Map.of("LOG", log ? 1 : 0, "MASKED",
                masked ? 1 : 0, "T_OUT", out.cudaName(), "T_IN", in.cudaName(), "T_MASK", mask.cudaName()));
    }
}
