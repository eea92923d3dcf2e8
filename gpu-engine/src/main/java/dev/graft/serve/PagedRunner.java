package dev.graft.serve;

import dev.graft.engine.cuda.CudaBackend;
import dev.graft.engine.cuda.DeviceExecutor;
import dev.graft.engine.cuda.DeviceMemoryPool;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.device.DeviceKvStore;
import dev.graft.serve.device.DeviceSteps;
import java.util.Map;

/**
 * Runs steps through a graph prepared by {@link ServingGraph}: all of a step's new tokens
 * go through the graph at once as one row of T tokens with their positions, every
 * PagedAttention node appends to and reads from the cache, and the logits of each sampling
 * chunk's last token (the only rows the graph computes logits for) give its next token.
 */
public final class PagedRunner implements StepRunner {
    private final Backend.Prepared executor;
    private final DecoderSignature signature;
    private final KvStore pages;
    private final int attentionLayers;
    /** The device-resident path, when the backend keeps values on the GPU and the store attends there; else null. */
    private final DeviceSteps device;

    /** {@code cudaGraphs}: which steps the device-resident path captures as CUDA graphs. */
    public PagedRunner(Graph servingGraph, Backend backend, KvStore pages, CudaGraphs cudaGraphs) {
        this.signature = DecoderSignature.of(servingGraph);
        this.pages = pages;
        this.attentionLayers = (int) servingGraph.nodes().stream().filter(n -> n.op().equals(PagedAttention.NAME)).count();
        if (backend instanceof CudaBackend cuda && pages instanceof DeviceKvStore store) {
            // A pool of the executor's own: no other user is handed memory a captured step writes.
            DeviceExecutor dx = cuda.prepareOnDevice(servingGraph,
                    new DeviceMemoryPool(cuda.runtime().context(), Long.MAX_VALUE));
            this.executor = dx;
            this.device = new DeviceSteps(dx, cuda.runtime(), store, signature.logits(), cudaGraphs);
        } else {
            this.executor = backend.prepare(servingGraph);
            this.device = null;
        }
    }

    @Override
    public int[] run(Step step) {
        int[] rows = step.qoIndptr();
        int[] sampledRows = new int[step.samplingChunks()];
        int next = 0;
        for (int r = 0; r < step.chunks().size(); r++) {
            if (step.chunks().get(r).samples()) {
                sampledRows[next++] = rows[r + 1] - 1;
            }
        }
        Map<String, Tensor> inputs = Map.of(signature.tokens(), Logits.tokens(signature, step.tokens()),
                ServingGraph.POSITIONS, Logits.positions(step.positions()),
                ServingGraph.SAMPLED_ROWS, Logits.positions(sampledRows));
        PagedStep paged = PagedStep.of(pages, step);
        if (device != null) {
            return device.run(paged, inputs, step.chunks().stream().allMatch(c -> c.tokens().length == 1));
        }
        Tensor logits = ScopedValue.where(PagedStep.CURRENT, paged).call(() -> executor.run(inputs))
                .get(signature.logits());
        int[] sampled = new int[sampledRows.length];
        for (int i = 0; i < sampled.length; i++) {
            sampled[i] = Logits.argmax(logits, i);
        }
        return sampled;
    }

    @Override
    public void admit(GenerationRequest request) {
        pages.admit(request);
    }

    @Override
    public void forget(int request) {
        pages.release(request);
    }

    @Override
    public String describe() {
        return pages.describe(attentionLayers);
    }

    @Override
    public void pauseCapture(boolean on) {
        if (device != null) {
            device.pauseCapture(on);
        }
    }

    @Override
    public void profileSteps(boolean on) {
        if (device != null) {
            device.profileSteps(on);
        }
    }

    @Override
    public String report() {
        return device == null ? "" : device.report();
    }
}
