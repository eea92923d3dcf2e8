package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaBackend;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceExecutor;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceTransfer;
import dev.graft.engine.cuda.Placement;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.NodeGraph;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The passes of a GPU worker, through the device-side API of its {@link CudaBackend}
 * ({@link DeviceExecutor#execute}): each pass reads its floating inputs where the
 * {@link DeviceValues} keep them on the device and leaves its floating outputs there, so
 * activations, gradients and parameters cross to the host only as messages, the loss
 * and the step's gradient sums. One prepared executor per node list, outputs and input
 * shapes. Serves its worker's thread only.
 */
final class CudaNodeRunner implements NodeRunner {
    private final CudaBackend backend;
    private final Map<NodeGraph.Key, DeviceExecutor> prepared = new HashMap<>();

    CudaNodeRunner(CudaBackend backend) {
        this.backend = backend;
    }

    /** The GPU the passes run on; its stream orders them and the messages they send. */
    CudaRuntime runtime() {
        return backend.runtime();
    }

    @Override
    public StageValues values(StageValues step) {
        return new DeviceValues(backend.runtime(), (DeviceValues) step);
    }

    @Override
    public void run(List<Node> nodes, StageValues values, List<String> outputs) {
        DeviceValues on = (DeviceValues) values;
        NodeGraph g = NodeGraph.of(nodes, values, outputs);
        DeviceExecutor executor = prepared.computeIfAbsent(g.key(nodes, outputs),
                k -> backend.prepareOnDevice(g.typed()));
        Map<String, Tensor> hostInputs = new HashMap<>();
        Map<String, DeviceTensor> deviceInputs = new HashMap<>();
        for (Value in : g.inputs()) {
            if (Placement.isFloating(in)) {
                deviceInputs.put(in.name(), on.onDevice(in.name()));
            } else {
                hostInputs.put(in.name(), on.get(in.name()));
            }
        }
        executor.execute(hostInputs, deviceInputs).forEach((name, result) -> {
            if (result.dtype().isFloating()) {
                on.putDevice(name, result);
            } else {
                on.put(name, DeviceTransfer.download(backend.runtime(), result));
                result.close();
            }
        });
    }
}
