package dev.graft.engine.cuda;

import java.util.List;

/**
 * A graph op on the device: reads its inputs where they live ({@link DeviceCall}) and
 * returns its outputs as new device tensors, having only queued work on the runtime's
 * stream (no synchronisation, no copy to the host). It returns {@code null}, before
 * allocating or launching anything, for inputs it does not take (a layout above the
 * kernels' rank, an axis its kernel does not reduce): the executor then runs the node's
 * CPU op with copies around it and lists the node as a fallback.
 */
@FunctionalInterface
public interface DeviceOp {
    List<DeviceTensor> run(DeviceCall call);
}
