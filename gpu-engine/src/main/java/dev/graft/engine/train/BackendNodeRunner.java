package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs passes through a {@link Backend} that takes and returns host tensors, keeping
 * the values between passes on the host: each node list becomes a {@link NodeGraph},
 * prepared once per node list, outputs and input shapes and reused for every
 * microbatch. A runner serves one thread at a time (one device's worker).
 */
public final class BackendNodeRunner implements NodeRunner {
    private final Backend backend;
    private final Map<NodeGraph.Key, Backend.Prepared> prepared = new HashMap<>();

    public BackendNodeRunner(Backend backend) {
        this.backend = backend;
    }

    @Override
    public StageValues values(StageValues step) {
        return new HostValues((HostValues) step);
    }

    @Override
    public void run(List<Node> nodes, StageValues values, List<String> outputs) {
        NodeGraph g = NodeGraph.of(nodes, values, outputs);
        Backend.Prepared graph = prepared.computeIfAbsent(g.key(nodes, outputs),
                k -> backend.prepare(g.typed()));
        Map<String, Tensor> inputs = new HashMap<>();
        for (Value in : g.inputs()) {
            inputs.put(in.name(), values.get(in.name()));
        }
        graph.run(inputs).forEach(values::put);
    }
}
