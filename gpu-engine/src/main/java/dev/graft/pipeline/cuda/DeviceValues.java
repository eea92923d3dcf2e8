package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceTransfer;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.StageValues;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link StageValues} of a GPU worker: what a pass computes stays a device tensor; a
 * value put from the host goes up the first time a pass reads it (the step's parameters
 * once per step, not once per pass) and comes down only when asked for on the host.
 * Integer values (token ids, labels, masks) stay on the host, as the device executor
 * reads them there.
 */
final class DeviceValues implements StageValues {
    private final CudaRuntime gpu;
    private final DeviceValues parent;
    private final Map<String, DeviceTensor> device = new HashMap<>();
    private final Map<String, Tensor> host = new HashMap<>();

    DeviceValues(CudaRuntime gpu, DeviceValues parent) {
        this.gpu = gpu;
        this.parent = parent;
    }

    /** The GPU these values live on; its stream orders every pass over them. */
    CudaRuntime runtime() {
        return gpu;
    }

    @Override
    public boolean has(String name) {
        return device.containsKey(name) || host.containsKey(name) || parent != null && parent.has(name);
    }

    @Override
    public Tensor get(String name) {
        Tensor t = host.get(name);
        if (t != null) {
            return t;
        }
        DeviceTensor d = device.get(name);
        if (d != null) {
            Tensor down = DeviceTransfer.download(gpu, d);
            host.put(name, down);
            return down;
        }
        return parent == null ? null : parent.get(name);
    }

    @Override
    public int[] shape(String name) {
        DeviceTensor d = device.get(name);
        if (d != null) {
            return d.shape();
        }
        Tensor t = host.get(name);
        if (t != null) {
            return t.shape();
        }
        return requireParent(name).shape(name);
    }

    @Override
    public DType dtype(String name) {
        DeviceTensor d = device.get(name);
        if (d != null) {
            return d.dtype();
        }
        Tensor t = host.get(name);
        if (t != null) {
            return t.dtype();
        }
        return requireParent(name).dtype(name);
    }

    @Override
    public void put(String name, Tensor value) {
        dropDevice(name);
        host.put(name, value);
    }

    /** Keeps {@code value}, which this takes over, as {@code name}. */
    void putDevice(String name, DeviceTensor value) {
        dropDevice(name);
        host.remove(name);
        device.put(name, value);
    }

    /** The floating value {@code name} on the device, uploaded on first use where it came from the host. */
    DeviceTensor onDevice(String name) {
        DeviceTensor d = device.get(name);
        if (d != null) {
            return d;
        }
        Tensor t = host.get(name);
        if (t != null) {
            d = DeviceTransfer.upload(gpu, gpu.pool(), t, DeviceType.F32, "'" + name + "'");
            device.put(name, d);
            return d;
        }
        return requireParent(name).onDevice(name);
    }

    /** A floating value that lives on the device travels as its device tensor; anything else as on the host. */
    @Override
    public Object carry(String name) {
        DeviceTensor d = device.get(name);
        if (d != null) {
            return d;
        }
        Tensor t = host.get(name);
        if (t != null) {
            return t;
        }
        return requireParent(name).carry(name);
    }

    /**
     * Takes a value from a message: a host tensor as it is, a device tensor (a view that
     * a transport made for this worker, on this GPU) as its own, a tensor that arrived
     * in a transport's receive block in place, as a tensor over that block.
     */
    @Override
    public void take(String name, Object carried) {
        switch (carried) {
            case Tensor t -> put(name, t);
            case DeviceTensor d -> putDevice(name, d);
            case ArrivedTensor a -> putDevice(name, a.onto(gpu));
            default -> throw new IllegalArgumentException("value '" + name + "' arrived as " + carried);
        }
    }

    @Override
    public void move(String name, StageValues to, String as) {
        DeviceTensor d = device.remove(name);
        Tensor t = host.remove(name);
        if (d != null) {
            ((DeviceValues) to).putDevice(as, d);
        } else if (t != null) {
            to.put(as, t);
        } else {
            throw new IllegalStateException("no value '" + name + "' to move");
        }
    }

    @Override
    public void close() {
        device.values().forEach(DeviceTensor::close);
        device.clear();
        host.clear();
    }

    private void dropDevice(String name) {
        DeviceTensor old = device.remove(name);
        if (old != null) {
            old.close();
        }
    }

    private DeviceValues requireParent(String name) {
        if (parent == null) {
            throw new IllegalStateException("no value '" + name + "'");
        }
        return parent;
    }
}
