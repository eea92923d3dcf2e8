package dev.graft.engine.cuda;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of a {@link DeviceExecutor}: where each value lives (a host tensor or a device
 * tensor), the device copies of host values its kernels read, and what the run must free
 * as soon as a value's last reader has been queued.
 */
final class DeviceRun implements DeviceCall.Uploader {
    private final DeviceExecutor ex;
    private final Map<String, Tensor> hostInputs;
    private final Map<String, DeviceTensor> deviceInputs;
    private final Map<Value, Object> live = new IdentityHashMap<>();
    private final Map<Value, DeviceTensor> owned = new IdentityHashMap<>();
    private final Map<Value, DeviceTensor> uploads = new IdentityHashMap<>();
    private final Map<Value, Integer> pending;
    private final String inputShapes;
    /** Where this run times its device nodes, or null ({@link NodeTimings#CURRENT}). */
    private final NodeTimings timings;

    DeviceRun(DeviceExecutor ex, Map<String, Tensor> hostInputs, Map<String, DeviceTensor> deviceInputs) {
        this.ex = ex;
        this.pending = new IdentityHashMap<>(ex.readers);
        this.hostInputs = hostInputs;
        this.deviceInputs = deviceInputs;
        StringBuilder key = new StringBuilder();
        for (Value in : ex.graph.inputs()) {
            Object v = Placement.isFloating(in) ? deviceInputs.get(in.name()) : hostInputs.get(in.name());
            key.append(v instanceof DeviceTensor d ? Arrays.toString(d.shape())
                    : v instanceof Tensor t ? Arrays.toString(t.shape()) : "-").append(';');
        }
        inputShapes = key.toString();
        timings = NodeTimings.CURRENT.isBound() ? NodeTimings.CURRENT.get() : null;
    }

    Map<String, DeviceTensor> run() {
        try {
            for (Value in : ex.graph.inputs()) {
                boolean device = Placement.isFloating(in);
                Object v = device ? deviceInputs.get(in.name()) : hostInputs.get(in.name());
                if (v == null) {
                    throw new UserError("input '" + in.name() + "' is missing" + (device ? " on the device" : ""));
                }
                live.put(in, v);
            }
            for (int i = 0; i < ex.order.size(); i++) {
                if (ex.placement.site(i) != Placement.Site.CONSTANT) {
                    step(i);
                }
            }
            Map<String, DeviceTensor> out = new LinkedHashMap<>();
            for (Value v : ex.graph.outputs()) {
                out.put(v.name(), handOver(v));
            }
            return out;
        } finally {
            owned.values().forEach(DeviceTensor::close);
            uploads.values().forEach(DeviceTensor::close);
        }
    }

    private void step(int i) {
        Node node = ex.order.get(i);
        boolean device = ex.placement.site(i) == Placement.Site.DEVICE;
        Object[] args = new Object[node.inputs().size()];
        for (int k = 0; k < args.length; k++) {
            Value in = node.input(k);
            args[k] = in == null ? null : lookup(in, device);
        }
        List<?> results = switch (ex.placement.site(i)) {
            case DEVICE -> {
                if (timings != null) {
                    timings.before();
                }
                List<DeviceTensor> r = onDevice(i, node, args);
                if (timings != null) {
                    timings.after(node, r == null || r.isEmpty() ? new int[0] : r.getFirst().shape());
                }
                yield r != null ? r : fallBack(i, node, args, "its device op declined these inputs");
            }
            case FALLBACK -> fallBack(i, node, args, null);
            case HOST -> onHost(i, node, args);
            case CONSTANT -> throw new IllegalStateException();
        };
        for (int k = 0; k < node.outputs().size(); k++) {
            Value out = node.output(k);
            Object r = results.get(k);
            if (r instanceof DeviceTensor d) {
                owned.put(out, d);
            }
            live.put(out, r);
            if (!ex.readers.containsKey(out) && !ex.graph.outputs().contains(out)) {
                release(out);
            }
        }
        for (Value in : node.inputs()) {
            if (in != null && !ex.placement.isConstant(in) && pending.merge(in, -1, Integer::sum) == 0
                    && !ex.graph.outputs().contains(in)) {
                release(in);
            }
        }
    }

    /** Where a node finds a value: a constant's device copy for a device node, its host value otherwise. */
    private Object lookup(Value in, boolean device) {
        if (ex.placement.isConstant(in)) {
            DeviceTensor d = device ? ex.constants.onDevice(in) : null;
            return d != null ? d : ex.constants.host(in);
        }
        return live.get(in);
    }

    private List<DeviceTensor> onDevice(int i, Node node, Object[] args) {
        try {
            return ex.deviceOps[i].run(new DeviceCall(node, ex.cpuOps[i], args, ex.gpu, ex.pool, ex.floating, this));
        } catch (OpException | IllegalArgumentException | ArithmeticException e) {
            throw new UserError(node.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The node's CPU op over host copies of its inputs; floating outputs go up. */
    private List<Object> fallBack(int i, Node node, Object[] args, String why) {
        if (why != null) {
            ex.fellBack.add(node.describe() + ": " + why);
        }
        List<Object> out = new ArrayList<>();
        for (Tensor t : DeviceExecutor.runCpu(ex.cpuOps[i], node, hostArgs(node, args))) {
            out.add(t.dtype().isFloating()
                    ? DeviceTransfer.upload(ex.gpu, ex.pool, t, ex.floating, node.describe() + " output") : t);
        }
        return out;
    }

    private List<Tensor> onHost(int i, Node node, Object[] args) {
        if (Placement.readsShapeOnly(node) && args[0] instanceof DeviceTensor d) {
            return List.of(ShapeOnly.value(node, d.shape()));
        }
        return DeviceExecutor.runCpu(ex.cpuOps[i], node, hostArgs(node, args));
    }

    private List<Tensor> hostArgs(Node node, Object[] args) {
        List<Tensor> host = new ArrayList<>(args.length);
        for (Object a : args) {
            host.add(a instanceof DeviceTensor d ? DeviceTransfer.download(ex.gpu, d) : (Tensor) a);
        }
        return host;
    }

    /**
     * A host value a kernel reads, on the device: a constant's copy for the life of the
     * executor; a view of the caller's device copy of the integer input it reshapes; a
     * copy kept per input shapes when it depends on shapes only; else a copy for this run.
     */
    @Override
    public DeviceTensor upload(Node node, int input, Tensor value) {
        Value v = node.input(input);
        if (ex.placement.isConstant(v)) {
            return ex.constants.upload(v);
        }
        Value root = ex.placement.viewRoot(v);
        DeviceTensor given = root != null ? deviceInputs.get(root.name()) : null;
        if (given != null) {
            return uploads.computeIfAbsent(v, c -> given.view(value.shape()));
        }
        if (ex.placement.dependsOnShapesOnly(v)) {
            return ex.constants.forShapes(v, inputShapes, value);
        }
        return uploads.computeIfAbsent(v, c -> DeviceTransfer.upload(ex.gpu, ex.pool, value, ex.floating,
                "'" + c.name() + "'"));
    }

    @Override
    public <T extends AutoCloseable> T derived(String key, Class<T> type, Function<DeviceAllocator, T> make) {
        return ex.constants.derived(key, type, make);
    }

    /** Frees what this run made for a value no one reads any more. */
    private void release(Value v) {
        live.remove(v);
        DeviceTensor d = owned.remove(v);
        if (d != null) {
            d.close();
        }
        DeviceTensor u = uploads.remove(v);
        if (u != null) {
            u.close();
        }
    }

    /** A graph output as a device tensor the caller owns. */
    private DeviceTensor handOver(Value v) {
        DeviceTensor mine = owned.remove(v);
        if (mine != null) {
            return mine;
        }
        Object o = lookup(v, true);
        if (o instanceof DeviceTensor d) {
            return d.view(d.shape());
        }
        return DeviceTransfer.upload(ex.gpu, ex.pool, (Tensor) o, ex.floating, "output '" + v.name() + "'");
    }
}
