package dev.graft.engine.cuda;

import java.util.List;
import java.util.Map;

/**
 * Reshape, Squeeze, Unsqueeze, Flatten, Identity and single-output Dropout (inference) on
 * the device: no kernel, the output is a view of the input's memory with the shape type
 * inference gives for the concrete input shape and the host's shape values.
 */
final class CudaViews implements DeviceOp {
    static Map<String, DeviceOp> all() {
        CudaViews views = new CudaViews();
        return Map.of("Reshape", views, "Squeeze", views, "Unsqueeze", views, "Flatten", views, "Identity", views,
                "Dropout", views);
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        if (call.node().outputs().size() != 1) {
            return null;
        }
        int[][] shapes = call.outputShapes();
        return shapes == null ? null : List.of(call.device(0).view(shapes[0]));
    }
}
