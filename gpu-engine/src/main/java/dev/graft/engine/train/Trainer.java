package dev.graft.engine.train;

import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The unpipelined training step on one device: forward over the whole batch,
 * backward from the loss, nothing split. It is the reference that every
 * pipeline schedule must reproduce.
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
        Map<String, Tensor> values = new HashMap<>(model.constants());
        values.putAll(parameters);
        values.putAll(batch);
        NodeRunner.INTERPRETER.run(model.graph().topologicalOrder(), values);
        Tensor loss = values.get(model.loss());
        Map<String, Tensor> grads = new HashMap<>();
        grads.put(model.loss(), Tensor.scalar(1f));
        Differentiator.Pending pending = differentiator.backwardInputs(NodeRunner.INTERPRETER, values, grads);
        Map<String, Tensor> parameterGrads = new HashMap<>();
        differentiator.backwardWeights(NodeRunner.INTERPRETER, values, pending, parameterGrads);
        return new LossAndGradients(loss.floats()[0], parameterGrads);
    }
}
