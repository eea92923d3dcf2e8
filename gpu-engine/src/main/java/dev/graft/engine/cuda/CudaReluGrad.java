package dev.graft.engine.cuda;

import java.util.Arrays;
import java.util.List;

/**
 * {@code graft.train::ReluGrad} on the device: one expression of the pointwise template
 * ({@link Pointwise}), dy where x > 0, over operands of one shape.
 */
final class CudaReluGrad implements DeviceOp {
    /** dy (x) where the forward input (y) is positive. */
    static final String EXPR = "(y > 0.0f ? x : 0.0f)";

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] shape = call.shape(0);
        if (!Arrays.equals(shape, call.shape(1))) {
            return null;
        }
        DeviceLayout layout = DeviceLayout.over(shape).same(1).same(2).coalesced();
        DeviceTensor out = call.allocate(0, shape);
        Pointwise.launch(call.gpu(), EXPR, out, layout, call.device(0), call.device(1));
        return List.of(out);
    }
}
