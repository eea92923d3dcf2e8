package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.DeviceOp;
import dev.graft.engine.cuda.DeviceOpFamily;
import dev.graft.pipeline.stages.StageBoundary;
import java.util.List;
import java.util.Map;

/**
 * The stage boundary on the device: an identity, so its output is a view of its input
 * (no kernel, no copy), as for Identity; without this the executor would run the CPU op
 * with the activation copied down and up at every boundary of every microbatch.
 */
public final class StageBoundaryOnDevice implements DeviceOpFamily {
    @Override
    public Map<String, DeviceOp> ops() {
        return Map.of(StageBoundary.NAME, call -> call.node().outputs().size() != 1 ? null
                : List.of(call.device(0).view(call.shape(0))));
    }
}
