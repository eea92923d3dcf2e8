package dev.graft.engine.cuda;

import dev.graft.engine.ops.grad.GatherGrad;
import dev.graft.engine.ops.grad.ReluGrad;
import dev.graft.engine.ops.grad.SliceGrad;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import java.util.Map;

/**
 * The device ops of training's own graph ops (domain graft.train), so that a GPU pipeline
 * worker's passes stay on the device: the loss, the scatter adjoints of Gather and Slice, and
 * Relu's adjoint.
 * Listed in META-INF/services/dev.graft.engine.cuda.DeviceOpFamily.
 */
public final class TrainingDeviceOps implements DeviceOpFamily {
    @Override
    public Map<String, DeviceOp> ops() {
        return Map.of(GatherGrad.NAME, new CudaGatherGrad(), SliceGrad.NAME, new CudaSliceGrad(),
                SoftmaxCrossEntropy.NAME, new CudaCrossEntropy(), ReluGrad.NAME, new CudaReluGrad());
    }
}
