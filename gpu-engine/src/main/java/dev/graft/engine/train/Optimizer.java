package dev.graft.engine.train;

import dev.graft.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Updates parameters from their gradients, keeping whatever per-parameter state it needs. */
public interface Optimizer {

    /** The new value of parameter {@code name}; called once per parameter per step. */
    Tensor update(String name, Tensor value, Tensor grad);

    /** The same step as engine nodes, for workers that update parameters where they keep them. */
    UpdateRule rule();

    /** Applies one step to every parameter that has a gradient; returns the new values. */
    default Map<String, Tensor> step(Map<String, Tensor> parameters, Map<String, Tensor> grads) {
        Map<String, Tensor> next = new LinkedHashMap<>(parameters);
        grads.forEach((name, g) -> next.put(name, update(name, parameters.get(name), g)));
        return next;
    }
}
