package dev.graft.engine.cuda;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.run.Backend;

/**
 * {@code --backend cuda}: FusedAttention nodes run on the GPU through the attention
 * library; every other node runs its CPU reference op, with the tensors copied to and
 * from the device around each attention node. The device is opened on first use.
 */
public final class CudaBackend implements Backend {
    private CudaRuntime runtime;

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Prepared prepare(Graph graph) {
        CudaFusedAttention fused = new CudaFusedAttention(runtime().attention());
        OpRegistry registry = OpRegistry.get();
        return new CpuExecutor(graph, node -> node.op().equals(fused.name()) && node.domain().isEmpty()
                ? fused : registry.require(node))::run;
    }

    private CudaRuntime runtime() {
        if (runtime == null) {
            String reason = CudaRuntime.unavailableReason().orElse(null);
            if (reason != null) {
                throw new UserError("--backend cuda: no CUDA device: " + reason);
            }
            runtime = CudaRuntime.open();
        }
        return runtime;
    }
}
