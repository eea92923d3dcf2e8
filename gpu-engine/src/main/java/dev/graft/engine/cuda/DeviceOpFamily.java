package dev.graft.engine.cuda;

import java.util.Map;

/**
 * Device ops of another part of Graft (serving's PagedAttention, say), by op name, found
 * through {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.graft.engine.cuda.DeviceOpFamily}. The backend's own ops are in
 * {@link DeviceOps}.
 */
public interface DeviceOpFamily {
    Map<String, DeviceOp> ops();
}
