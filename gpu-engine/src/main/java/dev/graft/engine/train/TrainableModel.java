package dev.graft.engine.train;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A graph set up for training (typed on construction, so that the backward
 * pass can tell floating values from indices and masks): which initializers are trainable parameters (the
 * others stay constants, e.g. an attention mask), which scalar value is the
 * loss. The graph inputs carry the batch (split along axis 0 into
 * microbatches); the loss must be a mean over the batch, so that the mean of the
 * microbatch losses is the loss of the whole batch.
 */
public record TrainableModel(Graph graph, Set<String> parameters, String loss) {

    public TrainableModel {
        parameters = Set.copyOf(parameters);
        TypeInference.run(graph);
        for (String p : parameters) {
            Value v = graph.value(p);
            if (v == null || !v.isInitializer() || !v.constant().dtype().isFloating()) {
                throw new UserError("parameter '" + p + "' is not a floating initializer of graph '"
                        + graph.name() + "'");
            }
        }
        if (graph.value(loss) == null) {
            throw new UserError("loss '" + loss + "' is not a value of graph '" + graph.name() + "'");
        }
    }

    /** Refuses a batch that lacks one of the graph's inputs, naming it. */
    public void checkBatch(Map<String, Tensor> batch) {
        for (Value in : graph.inputs()) {
            if (!batch.containsKey(in.name())) {
                throw new UserError("the batch has no input '" + in.name() + "' for graph '" + graph.name()
                        + "' (it has " + batch.keySet() + ")");
            }
        }
    }

    /** The parameters' initial values, from the graph's initializers. */
    public Map<String, Tensor> initialParameters() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Value v : graph.initializers()) {
            if (parameters.contains(v.name())) {
                values.put(v.name(), v.constant());
            }
        }
        return values;
    }

    /** The initializers that are not trained. */
    public Map<String, Tensor> constants() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Value v : graph.initializers()) {
            if (!parameters.contains(v.name())) {
                values.put(v.name(), v.constant());
            }
        }
        return values;
    }
}
