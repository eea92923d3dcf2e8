package dev.graft.engine.train;

import dev.graft.engine.graph.Value;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's step written as engine nodes, so that a worker runs it where it keeps
 * the parameters ({@link ResidentUpdate}; on a GPU, as pointwise kernels on the GPU).
 * Per parameter the nodes read the parameter, its gradient, its state values and the
 * step's scalars, and compute the new parameter and state: the same arithmetic as
 * {@link Optimizer#update}, in float.
 */
public interface UpdateRule {

    /** Names of the per-parameter state values (e.g. Adam's moments), each zero before the first step. */
    List<String> state();

    /** The scalars of step {@code t} (counting from 1) by name, e.g. Adam's bias corrections. */
    Map<String, Float> scalars(int t);

    /**
     * Adds the nodes of one parameter's update; {@code state} follows {@link #state()}.
     *
     * @return the new parameter, then the new state values in the order of {@link #state()}
     */
    List<Value> emit(UpdateNodes g, Value w, Value grad, List<Value> state, Map<String, Value> scalars);
}
