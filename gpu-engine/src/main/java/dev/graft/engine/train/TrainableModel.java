package dev.graft.engine.train;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph set up for training: which initializers are trainable parameters (the
 * others stay constants, e.g. an attention mask), which scalar value is the
 * loss, and which graph inputs carry the batch (split along axis 0 into
 * microbatches). The loss must be a mean over the batch, so that the mean of the
 * microbatch losses is the loss of the whole batch.
 */
public record TrainableModel(Graph graph, Set<String> parameters, String loss, List<String> batchInputs) {

    public TrainableModel {
        parameters = Set.copyOf(parameters);
        batchInputs = List.copyOf(batchInputs);
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
