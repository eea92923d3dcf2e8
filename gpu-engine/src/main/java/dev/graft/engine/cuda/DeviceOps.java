package dev.graft.engine.cuda;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Every op the device runs, by op name (standard domain and Graft's fused ops). */
final class DeviceOps {
    private DeviceOps() {
    }

    static Map<String, DeviceOp> all() {
        Map<String, DeviceOp> ops = new HashMap<>();
        ops.putAll(CudaElementwise.all());
        ops.putAll(CudaViews.all());
        ops.putAll(CudaCopies.all());
        ops.putAll(CudaMatMul.all());
        ops.putAll(CudaRowNorm.all());
        ops.putAll(CudaSoftmax.all());
        ops.putAll(CudaReduce.all());
        ops.putAll(CudaGather.all());
        ops.putAll(CudaRotary.all());
        ops.putAll(CudaFusedAttention.all());
        for (DeviceOpFamily family : ServiceLoader.load(DeviceOpFamily.class)) {
            ops.putAll(family.ops());
        }
        return Map.copyOf(ops);
    }
}
