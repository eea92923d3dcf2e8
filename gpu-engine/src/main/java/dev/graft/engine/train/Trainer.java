package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unpipelined training step on the CPU: forward over the whole batch, backward
 * from the loss, nothing split. It is the reference that every pipeline schedule must
 * reproduce.
 */
public final class Trainer {
    private final TrainableModel model;
    private final Differentiator differentiator;

    public Trainer(TrainableModel model) {
        this.model = model;
        this.differentiator = new Differentiator(model.graph().topologicalOrder(), model.parameters(), Set.of());
    }

    public LossAndGradients gradients(Map<String, Tensor> parameters, Map<String, Tensor> batch) {
        model.checkBatch(batch);
        NodeRunner runner = NodeRunner.INTERPRETER;
        try (StageValues step = runner.values(null); StageValues values = runner.values(step)) {
            model.constants().forEach(step::put);
            parameters.forEach(step::put);
            batch.forEach(values::put);
            List<Node> nodes = model.graph().topologicalOrder();
            runner.run(nodes, values, NodeRunner.computed(nodes));
            Tensor loss = values.get(model.loss());
            Map<String, Tensor> grads = new HashMap<>();
            grads.put(model.loss(), Tensor.scalar(1f));
            differentiator.backwardWeights(runner, values, differentiator.backwardInputs(runner, values, grads), step);
            return new LossAndGradients(loss.floats()[0], differentiator.gradients(step));
        }
    }
}
