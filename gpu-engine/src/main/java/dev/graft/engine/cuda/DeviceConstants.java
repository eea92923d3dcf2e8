package dev.graft.engine.cuda;

import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a prepared graph keeps across runs: the host values of its initializers and
 * constant nodes, their device copies (uploaded once, for the life of the prepared graph),
 * the device copies of host values that depend on the input shapes only (a causal mask,
 * positions), one per input shapes seen, and what an op derives from its own input shapes
 * (an attention plan), one per key, so a run at known shapes uploads nothing. All of it is
 * the pool's {@link DeviceMemoryPool#kept() kept} memory: made in the middle of a first run,
 * it takes no buffer the runs' free lists would hand the next run.
 */
final class DeviceConstants implements AutoCloseable {
    private final CudaRuntime gpu;
    private final DeviceMemoryPool pool;
    private final DeviceType floating;
    private final Map<Value, Tensor> host = new IdentityHashMap<>();
    private final Map<Value, DeviceTensor> resident = new IdentityHashMap<>();
    private final Map<Value, Map<String, DeviceTensor>> byShapes = new IdentityHashMap<>();
    private final Map<String, AutoCloseable> derived = new HashMap<>();

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
        return resident.computeIfAbsent(v, c -> DeviceTransfer.upload(gpu, pool.kept(), host.get(c), floating,
                "constant '" + c.name() + "'"));
    }

    /** The device copy of a shape-derived host value for these input shapes, uploaded the first time. */
    DeviceTensor forShapes(Value v, String inputShapes, Tensor value) {
        return byShapes.computeIfAbsent(v, c -> new HashMap<>()).computeIfAbsent(inputShapes,
                k -> DeviceTransfer.upload(gpu, pool.kept(), value, floating, "'" + v.name() + "'"));
    }

    /**
     * What an op made from shapes alone, kept under {@code key} (which must name the op and
     * every shape the value depends on), made with this executor's pool the first time.
     */
    <T extends AutoCloseable> T derived(String key, Class<T> type, Function<DeviceAllocator, T> make) {
        return type.cast(derived.computeIfAbsent(key, k -> make.apply(pool.kept())));
    }

    @Override
    public void close() {
        resident.values().forEach(DeviceTensor::close);
        resident.clear();
        byShapes.values().forEach(m -> m.values().forEach(DeviceTensor::close));
        byShapes.clear();
        for (AutoCloseable d : derived.values()) {
            try {
                d.close();
            } catch (Exception e) {
                throw new CudaException("freeing " + d + ": " + e.getMessage());
            }
        }
        derived.clear();
    }
}
