package dev.graft.engine.cuda;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.run.Backend;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --backend cuda}: FusedAttention nodes run on the GPU through the attention
 * library, MatMul through cuBLAS, elementwise ops, (log-)softmax, last-axis norms,
 * Gather and FusedRotary through their kernel templates; every other node runs its CPU
 * reference op. Tensors are copied to and
 * from the device around each GPU node. The device is opened on first use.
 */
public final class CudaBackend implements Backend {
    private final int ordinal;
    private CudaRuntime gpu;

    /** The backend of the first device, as {@code --backend cuda} finds it. */
    public CudaBackend() {
        this(0);
    }

    /** The backend of device {@code ordinal}; a pipeline worker per GPU makes one each. */
    public CudaBackend(int ordinal) {
        this.ordinal = ordinal;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Prepared prepare(Graph graph) {
        CudaRuntime device = runtime();
        Map<String, Op> onDevice = new HashMap<>();
        onDevice.put("FusedAttention", new CudaFusedAttention(device.attention()));
        onDevice.put("MatMul", new CudaMatMul(device));
        onDevice.put("Softmax", new CudaSoftmax(false, device));
        onDevice.put("LogSoftmax", new CudaSoftmax(true, device));
        for (String op : CudaElementwise.UNARY.keySet()) {
            onDevice.put(op, new CudaElementwise(op, device));
        }
        for (String op : CudaElementwise.BINARY.keySet()) {
            onDevice.put(op, new CudaElementwise(op, device));
        }
        for (String op : CudaRowNorm.CENTERED.keySet()) {
            onDevice.put(op, new CudaRowNorm(op, device));
        }
        onDevice.put("Gather", new CudaGather(device));
        onDevice.put("FusedRotary", new CudaRotary(device));
        OpRegistry registry = OpRegistry.get();
        return new CpuExecutor(graph, node -> node.domain().isEmpty() && onDevice.containsKey(node.op())
                ? onDevice.get(node.op()) : registry.require(node))::run;
    }

    /** The device this backend runs on, opened on first use; a UserError where there is none. */
    public CudaRuntime runtime() {
        if (gpu == null) {
            String reason = CudaRuntime.unavailableReason().orElse(null);
            if (reason != null) {
                throw new UserError("--backend cuda: no CUDA device: " + reason);
            }
            gpu = CudaRuntime.open(ordinal);
        }
        return gpu;
    }
}
