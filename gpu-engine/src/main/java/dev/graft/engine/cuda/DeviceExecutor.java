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
    final Graph graph;
    final CudaRuntime gpu;
    final DeviceMemoryPool pool;
    final DeviceType floating;
    final Placement placement;
    final List<Node> order;
    final DeviceOp[] deviceOps;
    final Op[] cpuOps;
    final Map<Value, Integer> readers = new IdentityHashMap<>();
    final DeviceConstants constants;
    final Set<String> fellBack = Collections.synchronizedSet(new LinkedHashSet<>());

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
        this.constants = new DeviceConstants(gpu, pool, floating);
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
                    args.add(in == null ? null : constants.host(in));
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
                    constants.upload(in);
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
        return new DeviceRun(this, hostInputs, deviceInputs).run();
    }

    /** Frees the device copies of the constants and of the shape-derived values. */
    @Override
    public void close() {
        constants.close();
    }


    static List<Tensor> runCpu(Op op, Node node, List<Tensor> args) {
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
