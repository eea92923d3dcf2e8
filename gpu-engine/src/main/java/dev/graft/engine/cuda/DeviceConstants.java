package dev.graft.engine.cuda;

import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a prepared graph keeps across runs: the host values of its initializers and
 * constant nodes, their device copies (uploaded once, for the life of the prepared graph),
 * and the device copies of host values that depend on the input shapes only (a causal mask,
 * positions), one per input shapes seen, so a run at known shapes uploads nothing.
 */
final class DeviceConstants implements AutoCloseable {
    private final CudaRuntime gpu;
    private final DeviceMemoryPool pool;
    private final DeviceType floating;
    private final Map<Value, Tensor> host = new IdentityHashMap<>();
    private final Map<Value, DeviceTensor> resident = new IdentityHashMap<>();
    private final Map<Value, Map<String, DeviceTensor>> byShapes = new IdentityHashMap<>();

    DeviceConstants(CudaRuntime gpu, DeviceMemoryPool pool, DeviceType floating) {
        this.gpu = gpu;
        this.pool = pool;
        this.floating = floating;
    }

    void put(Value v, Tensor value) {
        host.put(v, value);
    }

    Tensor host(Value v) {
        return host.get(v);
    }

    /** The constant's device copy, or null when no kernel has read it yet. */
    DeviceTensor onDevice(Value v) {
        return resident.get(v);
    }

    /** The constant's device copy, uploaded the first time. */
    DeviceTensor upload(Value v) {
        return resident.computeIfAbsent(v, c -> DeviceTransfer.upload(gpu, pool, host.get(c), floating,
                "constant '" + c.name() + "'"));
    }

    /** The device copy of a shape-derived host value for these input shapes, uploaded the first time. */
    DeviceTensor forShapes(Value v, String inputShapes, Tensor value) {
        return byShapes.computeIfAbsent(v, c -> new HashMap<>()).computeIfAbsent(inputShapes,
                k -> DeviceTransfer.upload(gpu, pool, value, floating, "'" + v.name() + "'"));
    }

    @Override
    public void close() {
        resident.values().forEach(DeviceTensor::close);
        resident.clear();
        byShapes.values().forEach(m -> m.values().forEach(DeviceTensor::close));
        byShapes.clear();
    }
}
