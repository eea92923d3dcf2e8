package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * FusedRotary (rotate-half RoPE with cos and sin broadcast to x) on the device (rotary.cu,
 * fp32 arithmetic). Shapes the contract refuses go to the CPU op, which says why.
 */
final class CudaRotary implements DeviceOp {
    static Map<String, DeviceOp> all() {
        return Map.of("FusedRotary", new CudaRotary());
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] shape = call.shape(0);
        int rank = shape.length;
        boolean fits = rank > 0 && rank <= DeviceLayout.MAX_RANK && shape[rank - 1] % 2 == 0
                && Arrays.equals(Broadcasting.shape(shape, call.shape(1), call.shape(2)), shape);
        if (!fits) {
            return null;
        }
        DeviceTensor x = call.device(0);
        DeviceTensor cos = call.device(1);
        DeviceTensor sin = call.device(2);
        DeviceTensor out = call.allocate(0, shape);
        if (out.size() > 0) {
            DeviceLayout layout = DeviceLayout.over(shape).same(1).broadcast(2, cos.shape()).broadcast(3, sin.shape());
            CudaKernel kernel = call.gpu().loader().load(source(out.type(), x.type(), cos.type(), sin.type()));
            Launches.overElements(call.gpu(), kernel, out.size(), out.buffer(), x.buffer(), cos.buffer(), sin.buffer(),
                    layout.pack());
        }
        return List.of(out);
    }

    /** The template over these storage types. */
    static KernelSource source(DeviceType out, DeviceType x, DeviceType cos, DeviceType sin) {
        return KernelSource.template("rotary", "rotary.cu").define(Map.of("T_OUT", out.cudaName(), "T_X",
                x.cudaName(), "T_COS", cos.cudaName(), "T_SIN", sin.cudaName()));
    }
}
