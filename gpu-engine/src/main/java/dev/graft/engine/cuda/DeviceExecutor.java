package dev.graft.engine.cuda;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.InputBinding;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a graph with its values resident on the device ({@link Placement} says where each
 * node runs). Preparing computes the constant nodes on the host and uploads every floating
 * constant a device node reads, once, for the life of this object; a run uploads the
 * floating graph inputs, queues every device node's kernels on the runtime's one stream,
 * and downloads the graph outputs. Device memory comes from the runtime's pool and goes
 * back to it as soon as a value's last reader has been queued (the stream orders the reuse).
 *
 * <p>Inside {@link #execute} nothing waits for the device and nothing is allocated from
 * the driver once the pool is warm, unless a node falls back to the CPU or a host node
 * reads a device value ({@link #fallbacks()}), or a kernel reads a host value computed in
 * this run (a mask built from shapes), which is uploaded where it is read.
 */
public final class DeviceExecutor implements Backend.Prepared, AutoCloseable {
    private final Graph graph;
    private final CudaRuntime gpu;
    private final DeviceMemoryPool pool;
    private final DeviceType floating;
    private final Placement placement;
    private final List<Node> order;
    private final DeviceOp[] deviceOps;
    private final Op[] cpuOps;
    private final Map<Value, Integer> readers = new IdentityHashMap<>();
    private final Map<Value, Tensor> constants = new IdentityHashMap<>();
    private final Map<Value, DeviceTensor> resident = new IdentityHashMap<>();
    /** Device copies of host values that depend on shapes only, by value and input shapes. */
    private final Map<Value, Map<String, DeviceTensor>> byShapes = new IdentityHashMap<>();
    private final Set<String> fellBack = Collections.synchronizedSet(new LinkedHashSet<>());

    /**
     * Prepares a typed graph; {@code ops} are the device ops by op name. Every device
     * allocation of this executor (constants, values, scratch) comes from {@code pool}: a
     * caller that captures runs as CUDA graphs gives it a pool of its own, so that no other
     * user is handed memory a replay writes.
     */
    public DeviceExecutor(Graph graph, CudaRuntime gpu, DeviceMemoryPool pool, DeviceType floating,
                          Map<String, DeviceOp> ops) {
        this.graph = graph;
        this.gpu = gpu;
        this.pool = pool;
        this.floating = floating;
        this.placement = Placement.of(graph, n -> ops.containsKey(n.op()));
        this.order = placement.order();
        this.deviceOps = new DeviceOp[order.size()];
        this.cpuOps = new Op[order.size()];
        OpRegistry registry = OpRegistry.get();
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            cpuOps[i] = registry.require(n);
            deviceOps[i] = ops.get(n.op());
        }
        fellBack.addAll(placement.fallbacks());
        for (Value init : graph.initializers()) {
            constants.put(init, init.constant());
        }
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            if (placement.site(i) == Placement.Site.CONSTANT) {
                List<Tensor> args = new ArrayList<>();
                for (Value in : n.inputs()) {
                    args.add(in == null ? null : constants.get(in));
                }
                List<Tensor> out = runCpu(cpuOps[i], n, args);
                for (int k = 0; k < n.outputs().size(); k++) {
                    constants.put(n.output(k), out.get(k));
                }
                continue;
            }
            for (Value in : n.inputs()) {
                if (in != null && !placement.isConstant(in)) {
                    readers.merge(in, 1, Integer::sum);
                }
                if (in != null && placement.isConstant(in) && Placement.isFloating(in)
                        && placement.site(i) == Placement.Site.DEVICE) {
                    resident.computeIfAbsent(in, v -> DeviceTransfer.upload(gpu, pool, constants.get(v), floating,
                            "constant '" + v.name() + "'"));
                }
            }
        }
        gpu.stream().synchronize();
    }

    /** The nodes that ran, or will run, on the CPU with copies around them, each with why. */
    public List<String> fallbacks() {
        synchronized (fellBack) {
            return List.copyOf(fellBack);
        }
    }

    /** Host values every run uploads in its middle (see {@link Placement#perRunUploads()}); empty when capturable. */
    public List<String> perRunUploads() {
        return placement.perRunUploads();
    }

    /** How floating values are stored on the device. */
    public DeviceType floating() {
        return floating;
    }

    /** Runs once: uploads the floating inputs, runs, waits, downloads the outputs. */
    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        InputBinding.bind(graph, inputs);
        Map<String, DeviceTensor> uploaded = new HashMap<>();
        try {
            for (Value in : graph.inputs()) {
                if (Placement.isFloating(in)) {
                    uploaded.put(in.name(), DeviceTransfer.upload(gpu, pool, inputs.get(in.name()), floating,
                            "input '" + in.name() + "'"));
                }
            }
            Map<String, DeviceTensor> outputs = execute(inputs, uploaded);
            Map<String, Tensor> result = new LinkedHashMap<>();
            try {
                for (var e : outputs.entrySet()) {
                    result.put(e.getKey(), DeviceTransfer.download(gpu, e.getValue()));
                }
            } finally {
                outputs.values().forEach(DeviceTensor::close);
            }
            return result;
        } finally {
            uploaded.values().forEach(DeviceTensor::close);
        }
    }

    /**
     * Queues one run on the stream and returns the graph outputs on the device (the caller
     * closes them). {@code hostInputs} holds every input (integer inputs are read there);
     * {@code deviceInputs} holds device copies the caller keeps: every floating input, and
     * optionally integer ones that kernels read (token ids), so that a captured run reads
     * them where the caller will write the next step's values. Does not wait for the device.
     */
    public Map<String, DeviceTensor> execute(Map<String, Tensor> hostInputs, Map<String, DeviceTensor> deviceInputs) {
        return new Frame(hostInputs, deviceInputs).run();
    }

    /** Frees the device copies of the constants and of the shape-derived values. */
    @Override
    public void close() {
        resident.values().forEach(DeviceTensor::close);
        resident.clear();
        byShapes.values().forEach(m -> m.values().forEach(DeviceTensor::close));
        byShapes.clear();
    }

    /** One run's values: where each lives, and what this run must free. */
    private final class Frame implements DeviceCall.Uploader {
        private final Map<String, Tensor> hostInputs;
        private final Map<String, DeviceTensor> deviceInputs;
        private final Map<Value, Object> live = new IdentityHashMap<>();
        private final Map<Value, DeviceTensor> owned = new IdentityHashMap<>();
        private final Map<Value, DeviceTensor> uploads = new IdentityHashMap<>();
        private final Map<Value, Integer> pending = new IdentityHashMap<>(readers);
        private final String inputShapes;

        Frame(Map<String, Tensor> hostInputs, Map<String, DeviceTensor> deviceInputs) {
            this.hostInputs = hostInputs;
            this.deviceInputs = deviceInputs;
            StringBuilder key = new StringBuilder();
            for (Value in : graph.inputs()) {
                Object v = Placement.isFloating(in) ? deviceInputs.get(in.name()) : hostInputs.get(in.name());
                key.append(v instanceof DeviceTensor d ? java.util.Arrays.toString(d.shape())
                        : v instanceof Tensor t ? java.util.Arrays.toString(t.shape()) : "-").append(';');
            }
            inputShapes = key.toString();
        }

        Map<String, DeviceTensor> run() {
            try {
                for (Value in : graph.inputs()) {
                    boolean device = Placement.isFloating(in);
                    Object v = device ? deviceInputs.get(in.name()) : hostInputs.get(in.name());
                    if (v == null) {
                        throw new UserError("input '" + in.name() + "' is missing" + (device ? " on the device" : ""));
                    }
                    live.put(in, v);
                }
                for (int i = 0; i < order.size(); i++) {
                    if (placement.site(i) != Placement.Site.CONSTANT) {
                        step(i);
                    }
                }
                Map<String, DeviceTensor> out = new LinkedHashMap<>();
                for (Value v : graph.outputs()) {
                    out.put(v.name(), handOver(v));
                }
                return out;
            } finally {
                owned.values().forEach(DeviceTensor::close);
                uploads.values().forEach(DeviceTensor::close);
            }
        }

        private void step(int i) {
            Node node = order.get(i);
            boolean device = placement.site(i) == Placement.Site.DEVICE;
            Object[] args = new Object[node.inputs().size()];
            for (int k = 0; k < args.length; k++) {
                Value in = node.input(k);
                args[k] = in == null ? null : lookup(in, device);
            }
            List<?> results = switch (placement.site(i)) {
                case DEVICE -> {
                    List<DeviceTensor> r = onDevice(i, node, args);
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
                if (!readers.containsKey(out) && !graph.outputs().contains(out)) {
                    release(out);
                }
            }
            for (Value in : node.inputs()) {
                if (in != null && !placement.isConstant(in) && pending.merge(in, -1, Integer::sum) == 0
                        && !graph.outputs().contains(in)) {
                    release(in);
                }
            }
        }

        /** Where a node finds a value: a constant's device copy for a device node, its host value otherwise. */
        private Object lookup(Value in, boolean device) {
            if (placement.isConstant(in)) {
                DeviceTensor d = device ? resident.get(in) : null;
                return d != null ? d : constants.get(in);
            }
            return live.get(in);
        }

        private List<DeviceTensor> onDevice(int i, Node node, Object[] args) {
            try {
                return deviceOps[i].run(new DeviceCall(node, cpuOps[i], args, gpu, pool, floating, this));
            } catch (OpException | IllegalArgumentException | ArithmeticException e) {
                throw new UserError(node.describe() + ": " + e.getMessage(), e);
            }
        }

        /** The node's CPU op over host copies of its inputs; floating outputs go up. */
        private List<Object> fallBack(int i, Node node, Object[] args, String why) {
            if (why != null) {
                fellBack.add(node.describe() + ": " + why);
            }
            List<Object> out = new ArrayList<>();
            for (Tensor t : runCpu(cpuOps[i], node, hostArgs(node, args))) {
                out.add(t.dtype().isFloating() ? DeviceTransfer.upload(gpu, pool, t, floating, node.describe() + " output")
                        : t);
            }
            return out;
        }

        private List<Tensor> onHost(int i, Node node, Object[] args) {
            if (Placement.readsShapeOnly(node) && args[0] instanceof DeviceTensor d) {
                return List.of(ShapeOnly.value(node, d.shape()));
            }
            return runCpu(cpuOps[i], node, hostArgs(node, args));
        }

        private List<Tensor> hostArgs(Node node, Object[] args) {
            List<Tensor> host = new ArrayList<>(args.length);
            for (Object a : args) {
                host.add(a instanceof DeviceTensor d ? DeviceTransfer.download(gpu, d) : (Tensor) a);
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
            if (placement.isConstant(v)) {
                return resident.computeIfAbsent(v, c -> DeviceTransfer.upload(gpu, pool, value, floating,
                        "constant '" + c.name() + "'"));
            }
            Value root = placement.viewRoot(v);
            DeviceTensor given = root != null ? deviceInputs.get(root.name()) : null;
            if (given != null) {
                return uploads.computeIfAbsent(v, c -> given.view(value.shape()));
            }
            if (placement.dependsOnShapesOnly(v)) {
                return byShapes.computeIfAbsent(v, c -> new HashMap<>()).computeIfAbsent(inputShapes,
                        k -> DeviceTransfer.upload(gpu, pool, value, floating, "'" + v.name() + "'"));
            }
            return uploads.computeIfAbsent(v, c -> DeviceTransfer.upload(gpu, pool, value, floating, "'" + c.name() + "'"));
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
            return DeviceTransfer.upload(gpu, pool, (Tensor) o, floating, "output '" + v.name() + "'");
        }
    }

    private static List<Tensor> runCpu(Op op, Node node, List<Tensor> args) {
        List<Tensor> results;
        try {
            results = op.execute(new ExecutionContext(node, args));
        } catch (OpException | IllegalArgumentException | ArithmeticException e) {
            throw new UserError(node.describe() + ": " + e.getMessage(), e);
        }
        if (results.size() < node.outputs().size()) {
            throw new IllegalStateException(node.describe() + " produced " + results.size() + " outputs, needs "
                    + node.outputs().size());
        }
        return results;
    }
}
